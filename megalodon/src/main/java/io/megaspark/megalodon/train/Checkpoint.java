package io.megaspark.megalodon.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.lora.LoraAdapters;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.weights.MegalodonWeights;
import io.megaspark.megalodon.weights.SafeTensors;
import io.megaspark.megalodon.weights.SafeTensorsFile;
import io.megaspark.megalodon.weights.TensorData;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A training checkpoint: a model directory plus what an exact resume needs.
 *
 * <pre>
 *   config.json            the model config (the directory loads as a model)
 *   model.safetensors      every weight (MegalodonWeights format)
 *   lora.safetensors       the LoRA adapters (LongLoRA runs only)
 *   optimizer.safetensors  AdamW moments: m.{name}, v.{name} (float32)
 *   streams.bin            the carried StreamState of every batch row
 *   trainer.json           step, seed, data position and the settings an exact resume must repeat
 * </pre>
 * Written to a sibling directory and renamed into place, so a crash mid-write leaves the previous
 * checkpoint intact.
 */
public final class Checkpoint {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int STREAMS_MAGIC = 0x4d535354; // "MSST"
  private static final int STREAMS_VERSION = 1;

  /**
   * The JSON part.
   *
   * @param step completed optimizer steps
   * @param tokens targets trained on so far
   * @param data the batcher's position
   * @param settings the run settings (an exact resume checks them)
   */
  public record Progress(long step, long tokens, DataPosition data, Map<String, Object> settings) {}

  /** Everything a checkpoint holds. {@code adapters} is null without LoRA. */
  public record Contents(MegalodonConfig config, ParameterSet weights, LoraAdapters adapters, ParameterSet m,
      ParameterSet v, StreamState[] streams, Progress progress) {}

  private Checkpoint() {}

  public static void save(Path dir, Contents c) {
    Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
    Path old = dir.resolveSibling(dir.getFileName() + ".old");
    try {
      deleteTree(tmp);
      Files.createDirectories(tmp);
      Files.writeString(tmp.resolve("config.json"), c.config().toJson(), StandardCharsets.UTF_8);
      WeightSets.toWeights(c.config(), c.weights()).save(tmp.resolve(MegalodonWeights.FILE_NAME));
      if (c.adapters() != null) {
        c.adapters().save(tmp.resolve("lora.safetensors"));
      }
      List<TensorData> moments = new ArrayList<>();
      for (var e : c.m().entries()) {
        moments.add(TensorData.ofFloats("m." + e.getKey(), e.getValue().shape(), e.getValue().values()));
        HostTensor v = c.v().get(e.getKey());
        moments.add(TensorData.ofFloats("v." + e.getKey(), v.shape(), v.values()));
      }
      SafeTensors.write(tmp.resolve("optimizer.safetensors"), Map.of("step", String.valueOf(c.progress().step())), moments);
      Files.write(tmp.resolve("streams.bin"), encodeStreams(c.streams()));
      JSON.writeValue(tmp.resolve("trainer.json").toFile(), c.progress());
      deleteTree(old);
      if (Files.exists(dir)) {
        Files.move(dir, old);
      }
      Files.move(tmp, dir);
      deleteTree(old);
    } catch (IOException e) {
      throw TrainingErrors.cannotWrite(dir, e);
    }
  }

  /**
   * Reads a checkpoint written by {@link #save}.
   *
   * @param trainableNames the names whose moments the optimizer holds, in optimizer order
   */
  public static Contents load(Path dir, List<String> trainableNames) {
    if (!Files.isRegularFile(dir.resolve("trainer.json"))) {
      throw TrainingErrors.checkpointUnreadable(dir, "no trainer.json");
    }
    try {
      MegalodonConfig config = MegalodonConfig.load(dir.resolve("config.json"));
      ParameterSet weights = WeightSets.fromWeights(MegalodonWeights.load(dir, config));
      LoraAdapters adapters = Files.exists(dir.resolve("lora.safetensors"))
          ? LoraAdapters.load(dir.resolve("lora.safetensors"), config) : null;
      SafeTensorsFile opt = SafeTensors.read(dir.resolve("optimizer.safetensors"));
      ParameterSet m = new ParameterSet();
      ParameterSet v = new ParameterSet();
      for (String name : trainableNames) {
        m.put(name, moment(dir, opt, "m." + name));
        v.put(name, moment(dir, opt, "v." + name));
      }
      StreamState[] streams = decodeStreams(dir, Files.readAllBytes(dir.resolve("streams.bin")));
      Progress progress = JSON.readValue(dir.resolve("trainer.json").toFile(), Progress.class);
      return new Contents(config, weights, adapters, m, v, streams, progress);
    } catch (IOException e) {
      throw TrainingErrors.checkpointUnreadable(dir, e.getMessage());
    }
  }

  private static HostTensor moment(Path dir, SafeTensorsFile f, String name) {
    TensorData t = f.tensors().get(name);
    if (t == null) {
      throw TrainingErrors.checkpointUnreadable(dir, "optimizer.safetensors has no tensor '" + name + "'");
    }
    return new HostTensor(t.shape(), t.floats());
  }

  static byte[] encodeStreams(StreamState[] streams) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(STREAMS_MAGIC);
      out.writeInt(STREAMS_VERSION);
      out.writeInt(streams.length);
      for (StreamState s : streams) {
        byte[] b = s.toBytes();
        out.writeInt(b.length);
        out.write(b);
      }
    }
    return bytes.toByteArray();
  }

  static StreamState[] decodeStreams(Path dir, byte[] bytes) throws IOException {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      if (in.readInt() != STREAMS_MAGIC || in.readInt() != STREAMS_VERSION) {
        throw TrainingErrors.checkpointUnreadable(dir, "streams.bin has a wrong magic number or version");
      }
      StreamState[] out = new StreamState[in.readInt()];
      for (int i = 0; i < out.length; i++) {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        out[i] = StreamState.fromBytes(b);
      }
      return out;
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
