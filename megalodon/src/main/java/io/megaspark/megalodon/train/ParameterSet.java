package io.megaspark.megalodon.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Named tensors in a fixed order: the trainable parameters, their gradients, or an optimizer moment.
 * The order is the insertion order and is part of what makes training deterministic (gradient norms
 * are summed in it).
 */
public final class ParameterSet {
  private final LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();

  public ParameterSet() {}

  /** A set holding these tensors in this order (the tensors are shared, not copied). */
  public ParameterSet(Map<String, HostTensor> entries) {
    entries.forEach(this::put);
  }

  /** Adds or replaces a tensor. */
  public void put(String name, HostTensor tensor) {
    tensors.put(name, tensor);
  }

  /** The tensor with this name; throws naming the known tensors when absent. */
  public HostTensor get(String name) {
    HostTensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no tensor '" + name + "' in this set; it holds " + tensors.keySet());
    }
    return t;
  }

  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  public Set<String> names() {
    return Collections.unmodifiableSet(tensors.keySet());
  }

  public List<Map.Entry<String, HostTensor>> entries() {
    return List.copyOf(tensors.entrySet());
  }

  public int size() {
    return tensors.size();
  }

  /** Total number of scalars. */
  public long scalarCount() {
    long n = 0;
    for (HostTensor t : tensors.values()) {
      n += t.size();
    }
    return n;
  }

  /** Zero tensors with the same names and shapes (the initial optimizer moments). */
  public ParameterSet zerosLike() {
    ParameterSet z = new ParameterSet();
    tensors.forEach((k, t) -> z.put(k, HostTensor.zeros(t.shape())));
    return z;
  }

  /** A deep copy. */
  public ParameterSet copy() {
    ParameterSet c = new ParameterSet();
    tensors.forEach((k, t) -> c.put(k, t.copy()));
    return c;
  }

  /** True when both sets hold the same names in the same order with bit-identical values. */
  public boolean sameAs(ParameterSet other) {
    if (!List.copyOf(tensors.keySet()).equals(List.copyOf(other.tensors.keySet()))) {
      return false;
    }
    for (var e : tensors.entrySet()) {
      if (!e.getValue().equals(other.tensors.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
