package org.metalr.models.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsAFileWrittenByPythonAfterTheSpecification() throws Exception {
        SafetensorsFile f = SafetensorsReader.read(Fixtures.path("dtypes.safetensors"));
        Map<String, Map<String, Object>> expected = Fixtures.expected("dtypes.safetensors");
        assertThat(f.tensors().keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, record) -> Fixtures.assertTensor(name, f.tensors().get(name), record));
        assertThat(f.metadata()).containsExactly(Map.entry("format", "pt"), Map.entry("note", "written by hand"));
    }

    /** A file of the given header text (padded to 8 bytes) followed by {@code dataBytes} zero bytes. */
    private Path file(String header, int dataBytes) throws Exception {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return file(h, dataBytes);
    }

    private Path file(byte[] header, int dataBytes) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        return Files.write(dir.resolve("t.safetensors"), b.array());
    }

    private static CheckpointException failure(Path file) {
        try {
            SafetensorsReader.read(file);
        } catch (CheckpointException e) {
            assertThat(e.getMessage()).startsWith(file.toString() + ": ");
            return e;
        }
        throw new AssertionError("no exception reading " + file);
    }

    @Test
    void readsATensorFromAMinimalHeader() throws Exception {
        Path f = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8);
        assertThat(SafetensorsReader.read(f).tensors().get("a").toFloatArray()).containsExactly(0f, 0f);
    }

    @Test
    void tooShort() throws Exception {
        Path f = Files.write(dir.resolve("short.safetensors"), new byte[] {1, 2, 3});
        assertThat(failure(f).getMessage()).contains("too short for a safetensors header (3 bytes)");
    }

    @Test
    void headerRunsPastTheEnd() throws Exception {
        byte[] whole = Files.readAllBytes(Fixtures.path("dtypes.safetensors"));
        Path f = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(whole, 100));
        assertThat(failure(f).getMessage()).contains("runs past the end of the file (100 bytes): truncated?");
    }

    @Test
    void implausibleHeaderLength() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-5L).putLong(0);
        Path f = Files.write(dir.resolve("huge.safetensors"), b.array());
        assertThat(failure(f).getMessage()).contains("implausible header length 18446744073709551611");
    }

    @Test
    void truncatedData() throws Exception {
        byte[] whole = Files.readAllBytes(Fixtures.path("dtypes.safetensors"));
        Path f = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(whole, whole.length - 4));
        CheckpointException e = failure(f);
        assertThat(e.key()).isEqualTo("transposed");
        assertThat(e.getMessage()).contains("tensor 'transposed': data_offsets [").contains("lie outside the data section");
    }

    @Test
    void malformedJson() throws Exception {
        // Jackson's words, the position counted from 0
        assertThat(failure(file("{\"a\":{\"dtype\":\"F32\",}}", 0)).getMessage())
                .contains("malformed JSON header: Unexpected character ('}' (code 125)):"
                        + " was expecting double-quote to start field name at character 20");
    }

    @Test
    void duplicateKey() throws Exception {
        String entry = "{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}";
        assertThat(failure(file("{\"a\":" + entry + ",\"a\":" + entry + "}", 0)).getMessage())
                .contains("malformed JSON header: Duplicate field 'a' at character 57");
    }

    @Test
    void headerNotAnObject() throws Exception {
        assertThat(failure(file("[1, 2]", 0)).getMessage()).contains("header is not a JSON object");
    }

    @Test
    void headerNotUtf8() throws Exception {
        assertThat(failure(file(new byte[] {'{', (byte) 0xff, '}'}, 0)).getMessage())
                .contains("header is not valid UTF-8");
    }

    @Test
    void unsupportedDtype() throws Exception {
        CheckpointException e = failure(file("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1));
        assertThat(e.key()).isEqualTo("w");
        assertThat(e.getMessage()).contains("tensor 'w': unsupported dtype 'F8_E4M3'");
    }

    @Test
    void missingShape() throws Exception {
        assertThat(failure(file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4)).getMessage())
                .contains("tensor 'w': 'shape' is missing or not an array of integers");
    }

    @Test
    void negativeDimension() throws Exception {
        assertThat(failure(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4)).getMessage())
                .contains("tensor 'w': 'shape' holds -1, not a non-negative integer");
    }

    @Test
    void offsetsOutOfRange() throws Exception {
        assertThat(failure(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}", 16)).getMessage())
                .contains("tensor 'w': data_offsets [8, 24] lie outside the data section of 16 bytes");
    }

    @Test
    void offsetsReversed() throws Exception {
        assertThat(failure(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,4]}}", 16)).getMessage())
                .contains("tensor 'w': data_offsets [8, 4] lie outside the data section");
    }

    @Test
    void spanDoesNotMatchShape() throws Exception {
        assertThat(failure(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", 16)).getMessage())
                .contains("tensor 'w': data_offsets [0, 16] span 16 bytes, but shape [2, 2] of F64 needs 32");
    }

    @Test
    void metadataMustBeStrings() throws Exception {
        assertThat(failure(file("{\"__metadata__\":{\"epoch\":3}}", 0)).getMessage())
                .contains("__metadata__ entry 'epoch' is not a string");
    }

    @Test
    void aMissingFile() {
        assertThat(failure(dir.resolve("absent.safetensors")).getMessage()).endsWith(": no such file");
    }
}
