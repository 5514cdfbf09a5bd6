package io.megaspark.jobs.bench;

import io.megaspark.jobs.JobErrors;
import io.megaspark.jobs.MegasparkException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The documents of a benchmark: the {@code *.txt} files of a directory (the sample books by default), each
 * cut into pieces of about {@code chars} characters (ending at a whitespace), taken in turn from each book
 * (piece 0 of every book, then piece 1, ...) up to {@code max} documents, so that a small benchmark still
 * mixes the books. Text is decoded as UTF-8 with malformed bytes replaced (one sample book is Latin-1), so
 * both paths of a benchmark read the same characters.
 */
final class BenchDocuments {
  /** One document: its id ({@code book.txt#piece}) and its text. */
  record Doc(String id, String text) {}

  private BenchDocuments() {}

  /**
   * @param chars characters per document, at least 1; 0 = whole books
   * @param max documents at most, at least 1
   */
  static List<Doc> read(Path dir, int chars, int max) {
    if (chars < 0 || max < 1) {
      throw new IllegalArgumentException("chars >= 0 and max >= 1: got chars=" + chars + ", max=" + max);
    }
    List<List<Doc>> books = new ArrayList<>();
    for (Path file : textFiles(dir)) {
      String text = readText(file);
      String name = file.getFileName().toString();
      books.add(chars == 0 ? List.of(new Doc(name, text)) : pieces(name, text, chars));
    }
    List<Doc> out = new ArrayList<>();
    for (int piece = 0; out.size() < max; piece++) {
      boolean any = false;
      for (List<Doc> book : books) {
        if (piece < book.size() && out.size() < max) {
          out.add(book.get(piece));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    return out;
  }

  /** A text cut after the first whitespace at or beyond every {@code chars} characters; no empty piece. */
  static List<Doc> pieces(String name, String text, int chars) {
    List<Doc> out = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = Math.min(text.length(), start + chars);
      while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
        end++;
      }
      String piece = text.substring(start, end).strip();
      if (!piece.isEmpty()) {
        out.add(new Doc(name + "#" + out.size(), piece));
      }
      start = end;
    }
    return out;
  }

  private static List<Path> textFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw JobErrors.badOption("input", dir.toString(), "a directory of *.txt files");
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
      if (files.isEmpty()) {
        throw JobErrors.badOption("input", dir.toString(), "a directory with at least one *.txt file");
      }
      return files;
    } catch (IOException e) {
      throw new MegasparkException("bench: cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String readText(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MegasparkException("bench: cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
