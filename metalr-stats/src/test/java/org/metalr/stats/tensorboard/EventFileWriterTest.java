package org.metalr.stats.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.stats.tensorboard.EventFileDecoder.Event;
import org.metalr.stats.tensorboard.EventFileDecoder.Value;

class EventFileWriterTest {

    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L, 250_000_000), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** The decoder's CRC-32C against the standard check value, so the CRC test below means something. */
    @Test
    void referenceCrcIsCrc32c() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(EventFileDecoder.crc32c(check, 0, check.length)).isEqualTo(0xE3069283);
    }

    @Test
    void scalarsDecodeWithTheirTagsStepsValuesAndTimes() throws IOException {
        Path file;
        try (EventFileWriter writer = EventFileWriter.create(dir.resolve("tensorboard"), CLOCK, "host/a b", 42)) {
            file = writer.file();
            writer.scalar("train/loss", 1, 0.6931471805599453);
            Map<String, Double> rates = new LinkedHashMap<>();
            rates.put("lr/layer1", 1e-3);
            rates.put("lr/fc", 1e-2);
            writer.scalars(3, rates);
            writer.scalar("val/Dice é", 1L << 40, Double.NaN);
            writer.scalar("val/hd95", -5, Double.POSITIVE_INFINITY);
            writer.scalar("val/zero", 7, 0.0);
        }
        assertThat(file.getFileName().toString()).isEqualTo("events.out.tfevents.1700000000.host_a_b.42.0");

        List<Event> events = EventFileDecoder.decode(Files.readAllBytes(file));
        assertThat(events).hasSize(6);
        assertThat(events.get(0)).isEqualTo(new Event(1_700_000_000.25, 0, "brain.Event:2", null));
        assertThat(events).allSatisfy(e -> assertThat(e.wallTime()).isEqualTo(1_700_000_000.25));
        assertThat(events.get(1).step()).isEqualTo(1);
        assertThat(events.get(1).values()).containsExactly(new Value("train/loss", (float) 0.6931471805599453));
        assertThat(events.get(2).step()).isEqualTo(3);
        assertThat(events.get(2).values()).containsExactly(new Value("lr/layer1", 1e-3f), new Value("lr/fc", 1e-2f));
        assertThat(events.get(3).step()).isEqualTo(1L << 40);
        assertThat(events.get(3).values().get(0).tag()).isEqualTo("val/Dice é");
        assertThat(events.get(3).values().get(0).simpleValue()).isNaN();
        assertThat(events.get(4).step()).isEqualTo(-5);
        assertThat(events.get(4).values()).containsExactly(new Value("val/hd95", Float.POSITIVE_INFINITY));
        assertThat(events.get(5).values()).containsExactly(new Value("val/zero", 0f));
    }

    @Test
    void aCorruptedByteFailsItsCrc() throws IOException {
        Path file;
        try (EventFileWriter writer = EventFileWriter.create(dir, CLOCK, "h", 1)) {
            file = writer.file();
            writer.scalar("loss", 2, 0.5);
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(EventFileDecoder.decode(bytes)).hasSize(2);

        byte[] data = bytes.clone();
        data[data.length - 6] ^= 0x01; // inside the last record's data: its value
        assertThatThrownBy(() -> EventFileDecoder.decode(data)).hasMessageContaining("data CRC mismatch");
        byte[] length = bytes.clone();
        int second = 12 + (int) lengthOf(bytes) + 4;
        length[second] ^= 0x01;
        assertThatThrownBy(() -> EventFileDecoder.decode(length)).hasMessageContaining("length CRC mismatch");
        assertThatThrownBy(() -> EventFileDecoder.decode(Arrays.copyOf(bytes, bytes.length - 2)))
                .hasMessageContaining("truncated");
    }

    @Test
    void flushMakesEventsReadableBeforeClose() throws IOException {
        try (EventFileWriter writer = EventFileWriter.create(dir, CLOCK, "h", 1)) {
            writer.scalar("loss", 1, 0.9);
            writer.flush();
            assertThat(EventFileDecoder.decode(Files.readAllBytes(writer.file()))).hasSize(2);
        }
    }

    @Test
    void aSecondWriterInTheSameSecondGetsItsOwnFile() throws IOException {
        try (EventFileWriter first = EventFileWriter.create(dir, CLOCK, "h", 1);
             EventFileWriter second = EventFileWriter.create(dir, CLOCK, "h", 1)) {
            assertThat(second.file()).isNotEqualTo(first.file());
            assertThat(second.file().getFileName().toString()).endsWith(".1");
        }
    }

    @Test
    void refusesEmptyTagsAndMissingValues() throws IOException {
        try (EventFileWriter writer = EventFileWriter.create(dir, CLOCK, "h", 1)) {
            assertThatThrownBy(() -> writer.scalar("", 1, 0.5)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tag");
            Map<String, Double> missing = new LinkedHashMap<>();
            missing.put("loss", null);
            assertThatThrownBy(() -> writer.scalars(1, missing)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'loss'");
        }
    }

    @Test
    void theDefaultFactoryNamesTheFileForTensorBoard() throws IOException {
        try (EventFileWriter writer = EventFileWriter.create(dir.resolve("a/b"))) {
            assertThat(writer.file().getParent()).isEqualTo(dir.resolve("a/b"));
            assertThat(writer.file().getFileName().toString()).matches(
                    "events\\.out\\.tfevents\\.\\d{10}\\.[A-Za-z0-9._-]+\\.\\d+\\.0");
        }
    }

    private static long lengthOf(byte[] file) {
        long length = 0;
        for (int i = 0; i < 8; i++) {
            length |= (long) (file[i] & 0xFF) << (8 * i);
        }
        return length;
    }
}
