package org.metalr.runs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CSV of the run folder's logs: RFC 4180 with {@code \n} line ends, a field quoted only when it
 * holds a comma, a quote or a line break (the trainer's numbers and group names never do; class names
 * may), numbers in {@link Double#toString} form, an empty field for a value that is absent. The
 * reader takes {@code \r\n} too. Line numbers count from 1 and include the header. Every CSV file
 * metalr writes is written with {@link #line}.
 */
public final class CsvFile {

    private CsvFile() {
    }

    /** {@code field} quoted if it must be. */
    public static String field(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }

    /** One line: the fields joined by commas, each quoted if it must be, and a line break. */
    public static String line(List<String> fields) {
        StringBuilder out = new StringBuilder();
        for (String f : fields) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(field(f));
        }
        return out.append('\n').toString();
    }

    /**
     * The records of {@code file}, the header first.
     *
     * @throws NoSuchFileException if the file is absent
     * @throws RunFileException naming the file (and line) if it is empty, not UTF-8, holds a blank
     *     line or an unterminated quote
     */
    static List<String[]> records(Path file) throws IOException {
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
        List<String[]> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = line;
            fields.clear();
            while (true) {
                field.setLength(0);
                if (i < n && text.charAt(i) == '"') {
                    i++;
                    while (true) {
                        if (i >= n) {
                            throw new RunFileException(file, "line " + start + ": a quoted field is not closed");
                        }
                        char c = text.charAt(i++);
                        if (c == '"') {
                            if (i < n && text.charAt(i) == '"') {
                                field.append('"');
                                i++;
                            } else {
                                break;
                            }
                        } else {
                            if (c == '\n') {
                                line++;
                            }
                            field.append(c);
                        }
                    }
                } else {
                    while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n') {
                        field.append(text.charAt(i++));
                    }
                }
                if (field.length() > 0 && field.charAt(field.length() - 1) == '\r' && (i >= n || text.charAt(i) == '\n')) {
                    field.setLength(field.length() - 1);
                }
                fields.add(field.toString());
                if (i < n && text.charAt(i) == ',') {
                    i++;
                    continue;
                }
                break;
            }
            if (i < n) {
                i++; // the line break
            }
            if (fields.size() == 1 && fields.get(0).isBlank()) {
                throw new RunFileException(file, "line " + start + " is blank");
            }
            out.add(fields.toArray(String[]::new));
            line++;
        }
        return out;
    }

    /**
     * The rows of {@code file} after its header, which must be {@code header}.
     *
     * @throws RunFileException as {@link #records}, or naming line 1 for another header
     */
    static List<String[]> read(Path file, String header) throws IOException {
        List<String[]> records = records(file);
        String found = String.join(",", records.get(0));
        if (!found.equals(header)) {
            throw new RunFileException(file, "line 1: header '" + found + "'; expected " + header);
        }
        return records.subList(1, records.size());
    }

    /** @throws RunFileException naming the line unless the row has {@code count} fields */
    static void requireFields(Path file, int line, String[] row, int count, String what) throws RunFileException {
        if (row.length != count) {
            throw new RunFileException(file, "line " + line + ": " + row.length + " fields; expected " + count + " ("
                    + what + ")");
        }
    }

    /** Parses a field as a double ({@link Double#toString}'s form, {@code Infinity} and {@code NaN} included). */
    static double number(Path file, int line, String column, String field) throws RunFileException {
        try {
            return Double.parseDouble(field.strip());
        } catch (NumberFormatException e) {
            throw new RunFileException(file, "line " + line + ", column " + column + ": '" + field + "' is not a number",
                    e);
        }
    }

    /** Parses a field as a double, an empty field as NaN (an absent value). */
    static double optionalNumber(Path file, int line, String column, String field) throws RunFileException {
        return field.isEmpty() ? Double.NaN : number(file, line, column, field);
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

    /** A value as a field: {@link Double#toString}, empty for NaN (absent or undefined). */
    static String number(double value) {
        return Double.isNaN(value) ? "" : Double.toString(value);
    }
}
