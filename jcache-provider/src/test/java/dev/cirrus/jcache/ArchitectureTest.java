package dev.cirrus.jcache;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The provider's shape, checked on its compiled main classes. */
@AnalyzeClasses(packages = "dev.cirrus.jcache", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /**
   * What users may rely on. Everything else public lives under {@code dev.cirrus.jcache.internal}:
   * a new public class outside it is an API decision, made by adding it here and to the "Public
   * API" section of docs/architecture.md.
   */
  private static final Set<String> PUBLIC_API = Set.of(
      "dev.cirrus.jcache.CirrusCachingProvider",
      "dev.cirrus.jcache.CirrusCacheManager",
      "dev.cirrus.jcache.config.CirrusConfiguration",
      "dev.cirrus.jcache.config.OnUnavailable",
      "dev.cirrus.jcache.config.ExpiryKind",
      "dev.cirrus.jcache.config.Endpoint",
      "dev.cirrus.jcache.config.ConnectionSettings",
      "dev.cirrus.jcache.near.NearCacheSettings",
      "dev.cirrus.jcache.codec.Codec",
      "dev.cirrus.jcache.codec.CodecException",
      "dev.cirrus.jcache.management.CodecStatisticsMXBean",
      "dev.cirrus.jcache.management.ConnectionMXBean",
      "dev.cirrus.jcache.management.NearCacheStatisticsMXBean");

  private static final String INTERNAL = "dev.cirrus.jcache.internal";

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("dev.cirrus.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule onlyTheClientSpeaksTheProtocol = noClasses()
      .that().resideOutsideOfPackage(INTERNAL + ".client..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.cirrus.proto..", "io.grpc..",
          "dev.cirrus.wire..")
      .because("client/ is the one place that speaks cirrus.v1; the rest uses its records");

  @ArchTest
  static void publicApiIsExactlyTheListedClasses(JavaClasses classes) {
    Set<String> publicOutsideInternal = classes.stream()
        .filter(c -> c.isTopLevelClass() && c.getModifiers().contains(JavaModifier.PUBLIC))
        .filter(c -> !c.getPackageName().equals(INTERNAL)
            && !c.getPackageName().startsWith(INTERNAL + "."))
        .map(JavaClass::getName)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(PUBLIC_API), publicOutsideInternal,
        "public classes outside " + INTERNAL + " are the provider's API");
  }
}
