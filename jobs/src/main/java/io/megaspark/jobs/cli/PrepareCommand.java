package io.megaspark.jobs.cli;

import io.megaspark.chunking.block.BlockSpec;
import io.megaspark.jobs.JobErrors;
import io.megaspark.jobs.JobOptions;
import io.megaspark.jobs.MegasparkException;
import io.megaspark.jobs.input.OnBadRecord;
import io.megaspark.jobs.spark.SparkSessions;
import io.megaspark.jobs.train.CacheManifest;
import io.megaspark.jobs.train.PrepareJob;
import io.megaspark.megalodon.MegalodonException;
import io.megaspark.megalodon.config.MegalodonConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "prepare",
    mixinStandardHelpOptions = true,
    description = {
        "Tokenize a training corpus on Spark into a token cache (Arrow block files plus cache.json) that"
            + " `train --input CACHE` reads instead of the text files.",
        "One document per text file; files named like a --held-out file, and hidden files (.*, _*), are left"
            + " out. Files that are not text (binary, NUL bytes, invalid UTF-8) follow --on-bad-record."})
public final class PrepareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, description = "Training text files, directories or globs (repeatable); Hadoop paths work (hdfs://...).")
  List<String> input;

  @Option(names = "--held-out", description = "Held-out text files, directories or globs (repeatable); input files with these names are left out.")
  List<String> heldOut = new ArrayList<>();

  @Option(names = "--output", required = true, description = "The cache directory, written atomically.")
  String output;

  @Option(names = "--overwrite", description = "Replace an existing cache once the new one is complete.")
  boolean overwrite;

  @Option(names = "--config", defaultValue = "conf/models/small.json", description = "Model config (or a model's config.json): its tokenizer and attention chunk (default: ${DEFAULT-VALUE}).")
  Path config;

  @Option(names = "--block-tokens", defaultValue = "512", description = "Tokens per stored block, a multiple of the chunk; train may use any block length (default: ${DEFAULT-VALUE}).")
  int blockTokens;

  @Option(names = "--" + JobOptions.ON_BAD_RECORD, defaultValue = "fail", description = "fail (stop, naming the file and byte offset; write no cache) or skip (leave the file out, count it, list it in cache.json) (default: ${DEFAULT-VALUE}).")
  String onBadRecord;

  @Mixin SparkOptions spark = new SparkOptions();

  @Override
  public Integer call() {
    MegalodonConfig cfg;
    try {
      cfg = MegalodonConfig.load(config);
    } catch (MegalodonException e) {
      throw new MegasparkException(e.getMessage(), e);
    }
    int chunk = cfg.attentionChunk();
    if (blockTokens <= 0 || blockTokens % chunk != 0) {
      throw JobErrors.badOption("block-tokens", String.valueOf(blockTokens),
          "a positive multiple of the model's attention chunk " + chunk);
    }
    PrepareJob.Settings settings = new PrepareJob.Settings(input, heldOut, cfg.tokenizer(),
        new BlockSpec(chunk, blockTokens / chunk), output, overwrite, OnBadRecord.parse(onBadRecord));
    SparkSession session = SparkSessions.create(spark.appName != null ? spark.appName : "megaspark-prepare",
        spark.master, spark.conf);
    try {
      CacheManifest m = PrepareJob.run(session, settings);
      spec.commandLine().getOut().println("prepare: " + m.summary() + " -> " + output);
      spec.commandLine().getOut().flush();
    } finally {
      session.stop();
    }
    return 0;
  }
}
