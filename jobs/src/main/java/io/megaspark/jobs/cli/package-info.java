/**
 * The {@code bin/megaspark} command line: one picocli subcommand per job. Job options are merged by
 * {@link io.megaspark.jobs.JobOptions} (command line over {@code conf/jobs/<job>.conf} over defaults);
 * Spark settings come from {@code --master}, {@code --conf} and conf/spark-defaults.conf.
 */
package io.megaspark.jobs.cli;
