package io.megaspark.jobs.run;

/** Where the runner reports work done (Spark accumulators in a job, nothing in a unit test). */
public interface RunProgress {
  RunProgress NONE = new RunProgress() {
    @Override
    public void tokens(long n) {}

    @Override
    public void document() {}
  };

  /** {@code n} more tokens went through the model. */
  void tokens(long n);

  /** One more document finished. */
  void document();
}
