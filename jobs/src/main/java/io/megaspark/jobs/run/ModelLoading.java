package io.megaspark.jobs.run;

/** Loads the model implementations that live in the megalodon module. */
final class ModelLoading {
  private ModelLoading() {}

  static BlockModel<?> tensorFlow(String directory) {
    throw new UnsupportedOperationException("TensorFlow models are wired when the megalodon model lands");
  }

  static BlockModel<?> reference(String directory) {
    throw new UnsupportedOperationException("reference models are wired when the megalodon model lands");
  }
}
