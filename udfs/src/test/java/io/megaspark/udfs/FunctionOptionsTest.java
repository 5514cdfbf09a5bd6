package io.megaspark.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.udfs.document.Backend;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionOptionsTest {

  @Test
  void fromConf_noMegasparkKeys_givesDefaults() {
    FunctionOptions o = FunctionOptions.fromConf(Map.of("spark.master", "local[2]"));
    assertEquals(FunctionOptions.defaults(), o);
    assertEquals("models/megaspark-bytes-small", o.model());
    assertEquals(Backend.TENSORFLOW, o.backend());
  }

  @Test
  void fromConf_everyKey_overridesItsDefault() {
    FunctionOptions o = FunctionOptions.fromConf(Map.of(
        "spark.megaspark.model", "/m", "spark.megaspark.backend", " Reference ",
        "spark.megaspark.blockTokens", "64", "spark.megaspark.carryState", "FALSE", "spark.megaspark.threads", "2"));
    assertEquals(new FunctionOptions("/m", Backend.REFERENCE, 64, false, 2), o);
  }

  @Test
  void toConf_roundTripsThroughFromConf() {
    FunctionOptions o = new FunctionOptions("/x/y", Backend.REFERENCE, 32, false, 1);
    assertEquals(o, FunctionOptions.fromConf(o.toConf()));
    assertEquals(FunctionOptions.KEYS, java.util.List.copyOf(o.toConf().keySet()));
  }

  @Test
  void fromConf_misspeltKey_failsListingValidKeys() {
    UdfException e = assertThrows(UdfException.class,
        () -> FunctionOptions.fromConf(Map.of("spark.megaspark.blocktokens", "64")));
    assertEquals("unknown Spark conf key 'spark.megaspark.blocktokens': Megaspark's SQL functions read only"
        + " spark.megaspark.model, spark.megaspark.backend, spark.megaspark.blockTokens,"
        + " spark.megaspark.carryState, spark.megaspark.threads; fix the spelling or remove the key", e.getMessage());
  }

  @Test
  void fromConf_badValues_nameKeyValueAndRule() {
    UdfException a = assertThrows(UdfException.class,
        () -> FunctionOptions.fromConf(Map.of("spark.megaspark.backend", "gpu")));
    assertTrue(a.getMessage().startsWith("bad value for spark.megaspark.backend: 'gpu'; it must be tensorflow or"
        + " reference"), a.getMessage());
    UdfException b = assertThrows(UdfException.class,
        () -> FunctionOptions.fromConf(Map.of("spark.megaspark.carryState", "yes")));
    assertTrue(b.getMessage().startsWith("bad value for spark.megaspark.carryState: 'yes'; it must be true or false"),
        b.getMessage());
    UdfException c = assertThrows(UdfException.class,
        () -> FunctionOptions.fromConf(Map.of("spark.megaspark.blockTokens", "-16")));
    assertTrue(c.getMessage().startsWith("bad value for spark.megaspark.blockTokens: '-16'"), c.getMessage());
    UdfException d = assertThrows(UdfException.class,
        () -> FunctionOptions.fromConf(Map.of("spark.megaspark.threads", "two")));
    assertTrue(d.getMessage().startsWith("bad value for spark.megaspark.threads: 'two'; it must be a whole number"),
        d.getMessage());
  }
}
