package io.megaspark.udfs;

import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.chunking.tokenize.Tokenizers;
import io.megaspark.udfs.document.DocumentModels;
import io.megaspark.udfs.document.DocumentRunner;
import io.megaspark.udfs.document.ModelKey;
import java.io.Serializable;

/**
 * What a function instance carries to the executors: only its {@link FunctionOptions}. The model is found
 * and loaded where the function runs, on first use ({@link DocumentModels}: once per JVM, shared by every
 * task); the runner over it is kept in a transient field, so a deserialized copy starts empty.
 */
final class ModelHandle implements Serializable {
  private static final long serialVersionUID = 1L;

  private final FunctionOptions options;
  private transient volatile DocumentRunner runner;
  private transient volatile Tokenizer tokenizer;

  ModelHandle(FunctionOptions options) {
    this.options = java.util.Objects.requireNonNull(options, "options");
  }

  FunctionOptions options() {
    return options;
  }

  /** The runner over the shared model, loading the model on the JVM's first use. */
  DocumentRunner runner() {
    DocumentRunner r = runner;
    if (r == null) {
      String dir = ModelLocation.resolve(options.model());
      r = new DocumentRunner(DocumentModels.get(new ModelKey(dir, options.backend(), options.threads())),
          options.blockTokens(), options.carryState(), dir);
      runner = r;
    }
    return r;
  }

  /**
   * Runs {@code body} on the runner; a failure that is not already a user-facing {@link UdfException} is
   * wrapped with the function's name and the document's size.
   */
  <T> T call(String function, String text, java.util.function.Function<DocumentRunner, T> body) {
    try {
      return body.apply(runner());
    } catch (UdfException e) {
      throw e;
    } catch (RuntimeException e) {
      throw UdfErrors.callFailed(function, text, e);
    }
  }

  /** The model's tokenizer, from its config.json alone (no weights are loaded). */
  Tokenizer tokenizer() {
    Tokenizer t = tokenizer;
    if (t == null) {
      t = Tokenizers.byName(DocumentModels.config(ModelLocation.resolve(options.model())).tokenizer());
      tokenizer = t;
    }
    return t;
  }
}
