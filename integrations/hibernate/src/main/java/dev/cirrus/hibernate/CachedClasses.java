package dev.cirrus.hibernate;

import java.util.LinkedHashSet;
import java.util.Set;
import org.hibernate.boot.Metadata;
import org.hibernate.mapping.Collection;
import org.hibernate.mapping.Component;
import org.hibernate.mapping.IndexedCollection;
import org.hibernate.mapping.KeyValue;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.ToOne;
import org.hibernate.mapping.Value;

/**
 * The application's classes Hibernate may put in the second-level cache for a mapping, found in
 * entity state (entities, embeddables, enums, the Java types of basic and converted attributes,
 * identifiers, collection elements and map keys).
 * A reader that never wrote such an entry (another JVM, a restarted node) must still decode it.
 * Hibernate's own cache entries and keys need no declaring: the provider admits them by name
 * wherever Hibernate is on the class path.
 */
final class CachedClasses {

  private final Set<Class<?>> classes = new LinkedHashSet<>();

  private CachedClasses() {}

  /** The application classes of the mapping's entity state. */
  static Set<Class<?>> of(Metadata metadata) {
    CachedClasses found = new CachedClasses();
    for (PersistentClass entity : metadata.getEntityBindings()) {
      found.addEntity(entity);
    }
    for (Collection collection : metadata.getCollectionBindings()) {
      found.addValue(collection.getElement());
      if (collection instanceof IndexedCollection indexed) {
        found.addValue(indexed.getIndex());
      }
    }
    return found.classes;
  }

  private void addEntity(PersistentClass entity) {
    // Dynamic-map entities have no class; their state is made of the attribute types below.
    if (entity.getMappedClass() != null) {
      classes.add(entity.getMappedClass());
    }
    KeyValue identifier = entity.getIdentifier();
    if (identifier != null) {
      addValue(identifier);
    }
    for (Property property : entity.getPropertyClosure()) {
      addValue(property.getValue());
    }
  }

  private void addValue(Value value) {
    if (value == null || value instanceof ToOne) {
      return; // an association is cached as the identifier of its target, walked with that entity
    }
    if (value instanceof Component component) {
      if (component.getComponentClassName() != null && !component.isDynamic()) {
        classes.add(component.getComponentClass());
      }
      for (Property property : component.getProperties()) {
        addValue(property.getValue());
      }
      return;
    }
    if (value instanceof Collection) {
      return; // cached in its own region; its elements are walked from the collection bindings
    }
    try {
      Class<?> type = value.getType().getReturnedClass();
      if (type != null) {
        classes.add(type);
      }
    } catch (RuntimeException e) {
      // A mapping this walk cannot type must not stop the SessionFactory: such values are still
      // admitted once this JVM writes them, or when named in cirrus.serialization.allow.
    }
  }
}
