package dev.cirrus.examples.springboot;

import java.io.Serializable;

/** A cached value: it travels to the server and back, so it is Serializable. */
public record Forecast(String city, int celsius, String sky) implements Serializable {

  @Override
  public String toString() {
    return city + ": " + celsius + "°C, " + sky;
  }
}
