package io.megaspark.udfs.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.megaspark.udfs.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentModelsTest {
  @TempDir Path dir;

  @Test
  void get_concurrentFirstCalls_loadTheModelOnceAndShareIt() throws Exception {
    String model = TinyModels.save(dir.resolve("m"), 5).toString();
    ModelKey key = new ModelKey(model, Backend.REFERENCE, 0);
    int before = DocumentModels.loadCount();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<DocumentModel>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        calls.add(() -> DocumentModels.get(key));
      }
      List<Future<DocumentModel>> got = pool.invokeAll(calls);
      for (Future<DocumentModel> f : got) {
        assertSame(got.get(0).get(), f.get());
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(before + 1, DocumentModels.loadCount());
    DocumentModels.get(new ModelKey(model, Backend.TENSORFLOW, 1)); // another backend is another model
    assertEquals(before + 2, DocumentModels.loadCount());
  }
}
