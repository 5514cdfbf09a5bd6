package io.megaspark.jobs.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * Kryo serializer for Java records. Written by hand because the Kryo that Spark ships (4.x) predates
 * records: its FieldSerializer fails on them ("can't get field offset on a record class"). Components are
 * written in declaration order and the record is rebuilt through its canonical constructor, so the
 * constructor's validation runs on the receiving side too.
 */
public final class RecordSerializer<T extends Record> extends Serializer<T> {
  private final RecordComponent[] components;
  private final Constructor<T> constructor;

  public RecordSerializer(Class<T> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    this.components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      components[i].getAccessor().setAccessible(true);
    }
    try {
      this.constructor = type.getDeclaredConstructor(types);
      this.constructor.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("no canonical constructor on " + type.getName(), e);
    }
    setImmutable(true);
  }

  /** Registers a record class with this serializer. */
  public static <R extends Record> void register(Kryo kryo, Class<R> type) {
    kryo.register(type, new RecordSerializer<>(type));
  }

  @Override
  public void write(Kryo kryo, Output output, T record) {
    for (RecordComponent c : components) {
      try {
        kryo.writeClassAndObject(output, c.getAccessor().invoke(record));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + record.getClass().getName(), e);
      }
    }
  }

  @Override
  public T read(Kryo kryo, Input input, Class<T> type) {
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = kryo.readClassAndObject(input);
    }
    try {
      return constructor.newInstance(values);
    } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot rebuild " + type.getName(), e);
    }
  }
}
