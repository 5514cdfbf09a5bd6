package io.megaspark.jobs.spark;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers every Megaspark class that crosses the wire, so {@code spark.kryo.registrationRequired=true}
 * holds (conf/spark-defaults.conf). A class missing here fails the job at its first shuffle, loudly.
 */
public final class MegasparkKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    // Arrays that Spark's own row and broadcast paths ship around with our data.
    kryo.register(byte[][].class);
    kryo.register(int[][].class);
    kryo.register(float[][].class);
    kryo.register(long[][].class);
    kryo.register(double[][].class);
    kryo.register(String[].class);
    kryo.register(Object[].class);
    // Megaspark's own records (Spark's Kryo needs RecordSerializer for records).
    RecordSerializer.register(kryo, io.megaspark.jobs.io.InputPaths.InputFile.class);
    kryo.register(io.megaspark.jobs.io.InputPaths.InputFile[].class);
  }
}
