package org.metalr.data.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NiftiWriterTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsEveryTypeThroughTheReader() throws IOException {
        float[] values = {-7f, -1.5f, 0f, 2.5f, 100f, 120.5f};
        Volume v = new Volume(3, 2, 1, values, new double[] {0.5, 0.75, 3});
        for (NiftiDataType type : NiftiDataType.values()) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                // Integer types store (v + 7) * 2, which fits all of them.
                NiftiWriter writer = type.isInteger()
                        ? new NiftiWriter(type, order, 0.5f, -7f) : new NiftiWriter(type, order, 0f, 0f);
                Path file = dir.resolve(type + "-" + order + ".nii.gz");
                writer.write(file, v);
                NiftiImage back = NiftiReader.read(file);
                assertThat(back.header().dataType()).isEqualTo(type);
                assertThat(back.header().byteOrder()).isEqualTo(order);
                assertThat(back.spacing()).containsExactly(0.5, 0.75, 3.0);
                if (type == NiftiDataType.INT8 || type == NiftiDataType.UINT8) {
                    // (120.5 + 7) * 2 = 255 overflows int8 and is clamped to 127, i.e. 56.5.
                    assertThat(back.toArray()[5]).isEqualTo(type == NiftiDataType.INT8 ? 56.5f : 120.5f);
                } else {
                    assertThat(back.toArray()).containsExactly(values);
                }
            }
        }
    }

    @Test
    void plainFileLayout() throws IOException {
        Path file = dir.resolve("plain.nii");
        new NiftiWriter(NiftiDataType.UINT8).write(file, new Volume(2, 2, 2, new float[] {0, 1, 2, 3, 4, 5, 6, 300}));
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).hasSize(352 + 8);
        assertThat(bytes[352 + 7] & 0xFF).isEqualTo(255); // clamped
    }
}
