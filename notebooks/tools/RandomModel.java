import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a model directory with seeded random weights (config.json + model.safetensors), for notebooks
 * that must run before a trained model is at hand. Run with Java's source launcher on the jar's classpath:
 *
 * <pre>
 * java -cp "$(cat jobs/target/classpath.txt)" notebooks/tools/RandomModel.java conf/models/tiny.json 7 DIR
 * </pre>
 *
 * Its scores are those of an untrained model (about ln 260 nats per byte); the mechanics are real.
 */
public final class RandomModel {
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: RandomModel CONFIG_JSON SEED OUTPUT_DIR");
      System.exit(2);
    }
    MegalodonConfig cfg = MegalodonConfig.load(Path.of(args[0]));
    Path out = Files.createDirectories(Path.of(args[2]));
    Files.writeString(out.resolve("config.json"), cfg.toJson());
    MegalodonWeights.initialize(cfg, Long.parseLong(args[1])).save(out.resolve(MegalodonWeights.FILE_NAME));
    System.out.println("wrote a random " + cfg.numLayers() + "-layer model (D=" + cfg.modelDim() + ", chunk "
        + cfg.chunkSize() + ") to " + out);
  }
}
