package dev.cirrus.hibernate.it;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;

/**
 * A cached entity without its own concurrency strategy: it takes
 * {@code hibernate.cache.default_cache_concurrency_strategy}, so one mapping covers every strategy.
 */
@Entity
@Cacheable
public class Item {

  @Id
  private Long id;

  private String label;

  @Enumerated(EnumType.STRING)
  private Condition condition = Condition.NEW;

  protected Item() {}

  public Item(Long id, String label) {
    this.id = id;
    this.label = label;
  }

  public Long getId() {
    return id;
  }

  public String getLabel() {
    return label;
  }

  public void setLabel(String label) {
    this.label = label;
  }

  public Condition getCondition() {
    return condition;
  }
}
