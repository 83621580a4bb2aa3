package dev.parley.domain.common;

/** Base of every rule the domain refuses; adapters map its subtypes to 4xx answers. */
public abstract class DomainException extends RuntimeException {
  protected DomainException(String message) {
    super(message);
  }
}
