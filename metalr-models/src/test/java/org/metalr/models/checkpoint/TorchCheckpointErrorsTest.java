package org.metalr.models.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a torch checkpoint can be unreadable fails with a message naming the file and the problem. */
class TorchCheckpointErrorsTest {

    @TempDir
    Path dir;

    private static CheckpointException failure(Path file) {
        try {
            TorchCheckpointReader.strict().readStateDict(file);
        } catch (CheckpointException e) {
            assertThat(e.getMessage()).startsWith(file.toString() + ": ");
            assertThat(e.source()).isEqualTo(file.toString());
            return e;
        }
        throw new AssertionError("no exception reading " + file);
    }

    @Test
    void legacyFormat() {
        assertThat(failure(Fixtures.path("legacy.pth")).getMessage())
                .contains("legacy torch.save format").contains("_use_new_zipfile_serialization=False");
    }

    @Test
    void aPickledModuleNamesItsClass() {
        assertThat(failure(Fixtures.path("full_module.pth")).getMessage())
                .contains("unsupported global 'torch.nn.modules.linear.Linear'")
                .contains("save model.state_dict()");
    }

    @Test
    void unknownClassesAreRefusedByAStrictReader() {
        assertThat(failure(Fixtures.path("with_namespace.pth")).getMessage())
                .contains("unsupported global 'argparse.Namespace'").contains("of data.pkl");
    }

    @Test
    void aViewBeyondItsStorageNamesTheKey() {
        CheckpointException e = failure(Fixtures.path("view_beyond_storage.pth"));
        assertThat(e.key()).isEqualTo("w");
        assertThat(e.getMessage()).contains("tensor 'w'")
                .contains("reaches element 4 of storage '0', which holds 4 FloatStorage elements");
    }

    @Test
    void aStorageShorterThanDeclared() {
        CheckpointException e = failure(Fixtures.path("storage_too_short.pth"));
        assertThat(e.key()).isEqualTo("w");
        assertThat(e.getMessage()).contains("storage '0' holds 16 bytes, but its header declares 8 FloatStorage elements (32 bytes)");
    }

    @Test
    void aMissingStorage() {
        CheckpointException e = failure(Fixtures.path("missing_storage.pth"));
        assertThat(e.key()).isEqualTo("v");
        assertThat(e.getMessage()).contains("storage '1' is missing: no entry data/1");
    }

    @Test
    void aTruncatedArchive() throws Exception {
        byte[] whole = Files.readAllBytes(Fixtures.path("dtypes.pth"));
        Path file = Files.write(dir.resolve("truncated.pth"), Arrays.copyOf(whole, whole.length / 2));
        assertThat(failure(file).getMessage()).contains("not a readable zip archive (truncated or corrupt?)");
    }

    @Test
    void aCorruptEntryHeader() throws Exception {
        byte[] bytes = Files.readAllBytes(Fixtures.path("dtypes.pth"));
        // break the local header signature of the first storage entry
        byte[] name = Fixtures.ascii("dtypes/data/0");
        int at = indexOf(bytes, name) - 30;
        assertThat(bytes[at]).isEqualTo((byte) 'P');
        bytes[at] = 'X';
        Path file = Files.write(dir.resolve("corrupt.pth"), bytes);
        assertThat(failure(file).getMessage()).contains("cannot read data/0 (corrupt archive?)");
    }

    @Test
    void notAZipFile() throws Exception {
        Path file = Files.write(dir.resolve("noise.pth"), Fixtures.ascii("this is not a checkpoint at all"));
        assertThat(failure(file).getMessage()).contains("unrecognised format");
    }

    @Test
    void anEmptyFile() throws Exception {
        Path file = Files.write(dir.resolve("empty.pth"), new byte[0]);
        assertThat(failure(file).getMessage()).endsWith(": is empty");
    }

    @Test
    void aMissingFile() {
        assertThat(failure(dir.resolve("absent.pth")).getMessage()).endsWith(": no such file");
    }

    @Test
    void aSafetensorsFileIsNotATorchFile() {
        assertThat(failure(Fixtures.path("dtypes.safetensors")).getMessage())
                .contains("is a safetensors file, not a torch.save zip archive");
    }

    @Test
    void aZipWithoutDataPkl() throws Exception {
        Path file = Fixtures.writeZip(dir.resolve("other.zip"), Map.of("x/readme.txt", Fixtures.ascii("hi")));
        assertThat(failure(file).getMessage()).contains("a zip archive without data.pkl, so not written by torch.save");
    }

    @Test
    void aTorchScriptArchive() throws Exception {
        Path file = Fixtures.writeZip(dir.resolve("scripted.pt"), Map.of(
                "m/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'},
                "m/code/__torch__.py", Fixtures.ascii("class M: pass")));
        assertThat(failure(file).getMessage()).contains("a TorchScript archive (torch.jit.save) is not a weights checkpoint");
    }

    @Test
    void aBigEndianArchive() throws Exception {
        Path file = Fixtures.rewriteZip(Fixtures.path("dtypes.pth"), dir.resolve("big.pth"), (n, b) -> b,
                Map.of("dtypes/byteorder", Fixtures.ascii("big")));
        assertThat(failure(file).getMessage()).contains("byte order 'big' is not supported");
    }

    @Test
    void aTruncatedPickle() throws Exception {
        Path file = Fixtures.rewriteZip(Fixtures.path("dtypes.pth"), dir.resolve("cut.pth"),
                (n, b) -> n.endsWith("data.pkl") ? Arrays.copyOf(b, b.length / 2) : b, Map.of());
        assertThat(failure(file).getMessage()).contains("of data.pkl: ").contains("(truncated?)");
    }

    @Test
    void anUnknownOpcode() throws Exception {
        Path file = Fixtures.rewriteZip(Fixtures.path("dtypes.pth"), dir.resolve("garbled.pth"),
                (n, b) -> n.endsWith("data.pkl") ? patch(b, 2, 0xff) : b, Map.of());
        assertThat(failure(file).getMessage()).contains("byte 2 of data.pkl: unknown pickle opcode 0xff (corrupt data?)");
    }

    @Test
    void anUnsupportedOpcode() throws Exception {
        Path file = Fixtures.rewriteZip(Fixtures.path("dtypes.pth"), dir.resolve("ext.pth"),
                (n, b) -> n.endsWith("data.pkl") ? patch(b, 2, 0x82) : b, Map.of());
        assertThat(failure(file).getMessage()).contains("byte 2 of data.pkl: unsupported pickle opcode EXT1 (0x82)");
    }

    @Test
    void aMissingEntryNamedByTheCaller() {
        assertThatThrownBy(() -> TorchCheckpointReader.strict().readStateDict(Fixtures.path("wrapped_module.pth"), "weights"))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("has no entry 'weights'; top-level keys: [epoch, state_dict, optimizer_state_dict, best_loss, info]");
    }

    @Test
    void anEntryThatIsNotATensorDict() {
        assertThatThrownBy(() -> TorchCheckpointReader.strict().readStateDict(Fixtures.path("wrapped_module.pth"), "optimizer_state_dict"))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("tensor 'optimizer_state_dict.state': is a dict, not a tensor");
    }

    private static byte[] patch(byte[] b, int at, int value) {
        byte[] out = b.clone();
        out[at] = (byte) value;
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
