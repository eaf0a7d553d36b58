package dev.cirrus.spring.boot;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Pretends that one library is not on the class path: its classes cannot be loaded and its
 * resources (such as its auto-configuration imports) cannot be found, as if the jar were absent.
 * The library is named by a piece of its location, e.g. its Maven repository folder.
 */
final class HidingClassLoader extends ClassLoader {

  private final String location;

  HidingClassLoader(ClassLoader parent, String location) {
    super(parent);
    this.location = location;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (isHidden(getParent().getResource(name.replace('.', '/') + ".class"))) {
      throw new ClassNotFoundException(name + " is hidden from this application");
    }
    return super.loadClass(name, resolve);
  }

  @Override
  public URL getResource(String name) {
    URL url = super.getResource(name);
    return isHidden(url) ? null : url;
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    List<URL> visible = Collections.list(super.getResources(name)).stream()
        .filter(url -> !isHidden(url))
        .toList();
    return Collections.enumeration(visible);
  }

  private boolean isHidden(URL url) {
    return url != null && url.toString().contains(location);
  }
}
