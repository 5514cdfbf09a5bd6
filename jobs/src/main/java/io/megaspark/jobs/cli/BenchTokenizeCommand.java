package io.megaspark.jobs.cli;

import io.megaspark.chunking.bench.TokenizerBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Tokenizer throughput per core on a corpus, next to the BPE library's own speed in the same run. */
@Command(
    name = "tokenize",
    mixinStandardHelpOptions = true,
    description = "Tokenizer throughput (MB/s per core) for the byte-level and GPT-2 tokenizers vs jtokkit direct.")
public final class BenchTokenizeCommand implements Callable<Integer> {
  @Option(names = "--input", defaultValue = "samples", description = "Directory of *.txt files (default: ${DEFAULT-VALUE}).")
  Path input;

  @Option(names = "--repeats", defaultValue = "9", description = "Measurements per figure; the median is reported (default: ${DEFAULT-VALUE}).")
  int repeats;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(TokenizerBenchmark.run(input, repeats));
    return 0;
  }
}
