package io.megaspark.chunking.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.megaspark.chunking.ChunkingException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizersTest {

  @Test
  void byNameFindsBothTokenizers() {
    assertSame(ByteTokenizer.instance(), Tokenizers.byName("bytes"));
    assertSame(Gpt2Tokenizer.instance(), Tokenizers.byName("gpt2"));
    assertEquals(List.of("bytes", "gpt2"), Tokenizers.names());
    for (String name : Tokenizers.names()) {
      assertEquals(name, Tokenizers.byName(name).name());
    }
  }

  @Test
  void byName_unknownName_listsValidNames() {
    ChunkingException e = assertThrows(ChunkingException.class, () -> Tokenizers.byName("llama2"));
    assertEquals(
        "unknown tokenizer 'llama2': chunking has no tokenizer of that name, so the text cannot be turned"
            + " into the model's token ids; use one of: bytes, gpt2 (the \"tokenizer\" key of the model's"
            + " config.json or the --tokenizer option)",
        e.getMessage());
  }
}
