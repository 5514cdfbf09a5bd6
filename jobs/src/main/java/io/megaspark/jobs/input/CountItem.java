package io.megaspark.jobs.input;

import java.io.Serializable;

/**
 * One task's share of the tokenize stage: a whole document, or a byte range of a large text file (the
 * ranges of one file are counted in parallel and merged on the driver).
 *
 * @param document the document
 * @param start first byte
 * @param end end byte (exclusive), or -1 for the whole document
 */
public record CountItem(Document document, long start, long end) implements Serializable {}
