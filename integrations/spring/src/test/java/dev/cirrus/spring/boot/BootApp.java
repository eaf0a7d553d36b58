package dev.cirrus.spring.boot;

import dev.cirrus.spring.Library;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Import;

/** A Spring Boot application as users write one: auto-configuration, caching, a cached service. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableCaching
@Import(Library.class)
public class BootApp {}
