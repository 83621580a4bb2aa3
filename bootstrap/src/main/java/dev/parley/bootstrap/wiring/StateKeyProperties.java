package dev.parley.bootstrap.wiring;

import io.micronaut.context.annotation.EachProperty;

/** One entry of {@code parley.state.keys}: a state key's id and its 32 bytes in base64. */
@EachProperty(value = "parley.state.keys", list = true)
public class StateKeyProperties {
  private String id;
  private String key;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  @Override
  public String toString() {
    return "StateKeyProperties[" + id + "]"; // never the key
  }
}
