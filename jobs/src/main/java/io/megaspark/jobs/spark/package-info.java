/**
 * Spark plumbing: session settings and their precedence ({@link io.megaspark.jobs.spark.SparkSessions}),
 * and Kryo registration of every class that crosses the wire ({@link
 * io.megaspark.jobs.spark.MegasparkKryoRegistrator}, with {@link io.megaspark.jobs.spark.RecordSerializer}
 * for records), so {@code spark.kryo.registrationRequired=true} holds.
 */
package io.megaspark.jobs.spark;
