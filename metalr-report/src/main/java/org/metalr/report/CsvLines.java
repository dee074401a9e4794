package org.metalr.report;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a small unquoted CSV file written by the trainer, split into fields. A last line
 * without its line break (a file caught while being appended to) is kept; the caller's parse
 * decides whether it is whole. Line numbers count from 1 and include the header.
 */
final class CsvLines {

    private CsvLines() {
    }

    /**
     * The file's lines, each split at every comma ({@code \r\n} endings accepted).
     *
     * @throws java.nio.file.NoSuchFileException if the file is absent
     * @throws RunFileException if it is empty, not UTF-8, or holds a blank line
     */
    static List<String[]> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RunFileException(file, "not UTF-8 text", e);
        }
        if (text.isEmpty()) {
            throw new RunFileException(file, "empty");
        }
        String[] lines = text.split("\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        List<String[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank()) {
                throw new RunFileException(file, "line " + (i + 1) + " is blank");
            }
            out.add(line.split(",", -1));
        }
        return out;
    }

    /** Parses a field as a double ({@link Double#toString} form, or any form Java reads). */
    static double number(Path file, int line, String column, String field) throws RunFileException {
        try {
            return Double.parseDouble(field.strip());
        } catch (NumberFormatException e) {
            throw new RunFileException(file, "line " + line + ", column " + column + ": '" + field + "' is not a number", e);
        }
    }

    /** Parses a field as a non-negative whole number. */
    static long count(Path file, int line, String column, String field) throws RunFileException {
        try {
            long v = Long.parseLong(field.strip());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with the same message as a negative value
        }
        throw new RunFileException(file, "line " + line + ", column " + column + ": '" + field
                + "' is not a non-negative whole number");
    }
}
