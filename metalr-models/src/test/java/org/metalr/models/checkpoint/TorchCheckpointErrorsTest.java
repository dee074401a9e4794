package org.metalr.models.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest
    @ValueSource(strings = {"full_module.pth", "legacy_full_module.pth"})
    void aPickledModuleNamesItsClassInEitherFormat(String file) {
        assertThat(failure(Fixtures.path(file)).getMessage())
                .contains("unsupported global 'torch.nn.modules.linear.Linear'")
                .contains("save model.state_dict()");
    }

    @Test
    void unknownClassesAreRefusedByAStrictReader() {
        assertThat(failure(Fixtures.path("with_namespace.pth")).getMessage())
                .contains("unsupported global 'argparse.Namespace'").contains("of data.pkl");
    }

    @Test
    void aLegacyFileNamesTheByteOfTheRefusedGlobal() {
        assertThat(failure(Fixtures.path("legacy_full_module.pth")).getMessage())
                .containsPattern(": byte \\d+ of the file, in the saved object: unsupported global 'torch.nn.modules.linear.Linear'");
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
        int at = Fixtures.indexOf(bytes, name, 0) - 30;
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
                .contains("is a safetensors file, not a torch.save file");
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
                (n, b) -> n.endsWith("data.pkl") ? Fixtures.patch(b, 2, 0xff) : b, Map.of());
        assertThat(failure(file).getMessage()).contains("byte 2 of data.pkl: unknown pickle opcode 0xff (corrupt data?)");
    }

    @Test
    void anUnsupportedOpcode() throws Exception {
        Path file = Fixtures.rewriteZip(Fixtures.path("dtypes.pth"), dir.resolve("ext.pth"),
                (n, b) -> n.endsWith("data.pkl") ? Fixtures.patch(b, 2, 0x82) : b, Map.of());
        assertThat(failure(file).getMessage()).contains("byte 2 of data.pkl: unsupported pickle opcode EXT1 (0x82)");
    }

    // the legacy format

    @Test
    void aLegacyStorageMissingFromTheKeyList() {
        assertThat(failure(Fixtures.path("legacy_missing_key.pth")).getMessage())
                .matches(".*: storage '\\d+' is used by the saved object but missing from the storage key list \\(corrupt\\?\\)");
    }

    @Test
    void aTruncatedLegacyFile() throws Exception {
        Path file = Fixtures.path("legacy_truncated.pth");
        assertThat(failure(file).getMessage()).contains(": truncated: storage '").contains(" FloatStorage elements) needs ")
                .endsWith(", but the file ends at byte " + Files.size(file));
    }

    @Test
    void aLegacyFileCutAnywhereFailsSayingItIsTruncated() throws Exception {
        byte[] whole = Files.readAllBytes(Fixtures.path("legacy_tiny_resnet.pth"));
        for (int n = 2; n < whole.length; n += 53) {
            Path file = Files.write(dir.resolve("cut.pth"), Arrays.copyOf(whole, n));
            assertThat(failure(file).getMessage()).as("cut after " + n + " bytes").contains("truncated");
        }
    }

    @Test
    void aWrongMagicNumber() throws Exception {
        byte[] bytes = Files.readAllBytes(Fixtures.path("legacy_dtypes.pth"));
        // PROTO 2, LONG1 of 10 bytes from byte 4 (little-endian, so byte 4 is the lowest)
        Path file = Files.write(dir.resolve("magic.pth"), Fixtures.patch(bytes, 4, bytes[4] ^ 1));
        assertThat(failure(file).getMessage())
                .contains("wrong magic number: the first pickled value is 0x1950a86a20f9469cfc6d, not torch.save's 0x1950a86a20f9469cfc6c");
    }

    @Test
    void aPickleThatIsNotATorchFile() throws Exception {
        // pickle.dumps({'a': 1}, protocol=2)
        Path file = Files.write(dir.resolve("plain.pkl"), HexFormat.of().parseHex("80027d710058010000006171014b01732e"));
        assertThat(failure(file).getMessage()).endsWith(": wrong magic number: the first pickled value is a dict,"
                + " not torch.save's 0x1950a86a20f9469cfc6c (corrupt, or a pickle not written by torch.save)");
    }

    @Test
    void anUnsupportedLegacyProtocolVersion() throws Exception {
        byte[] bytes = Files.readAllBytes(Fixtures.path("legacy_dtypes.pth"));
        // the second pickle, from byte 15: PROTO 2, BININT2 1001 (0xe9 0x03), STOP
        assertThat(bytes[15 + 3] & 0xff).isEqualTo(0xe9);
        Path file = Files.write(dir.resolve("protocol.pth"), Fixtures.patch(bytes, 15 + 3, 0xea));
        assertThat(failure(file).getMessage()).contains("legacy torch.save protocol version 1002 is not supported (expected 1001");
    }

    @Test
    void systemInfoWithoutTheByteOrder() throws Exception {
        byte[] bytes = Files.readAllBytes(Fixtures.path("legacy_dtypes.pth"));
        int at = Fixtures.indexOf(bytes, Fixtures.ascii("little_endian"), 0);
        Path file = Files.write(dir.resolve("sysinfo.pth"), Fixtures.patch(bytes, at, 'L'));
        assertThat(failure(file).getMessage()).contains("the system info is a dict without a boolean 'little_endian'");
    }

    @Test
    void anElementCountThatDisagreesWithTheDeclaredOne() throws Exception {
        // big-endian counts in a file that says it is little-endian
        byte[] bytes = Fixtures.withLittleEndianFlag(Files.readAllBytes(Fixtures.path("legacy_big_endian.pth")), true);
        Path file = Files.write(dir.resolve("counts.pth"), bytes);
        assertThat(failure(file).getMessage()).containsPattern("storage '\\d+' \\(\\d+ \\w+Storage elements\\): the file records \\d+ elements at byte \\d+ \\(corrupt\\?\\)");
    }

    @Test
    void aStorageViewOfPyTorchBeforeOnePointZeroIsRefused() throws Exception {
        byte[] bytes = Files.readAllBytes(Fixtures.path("legacy_dtypes.pth"));
        // the first storage id ends ... 'cpu', BINPUT, BININT1 numel, NONE (view metadata), TUPLE: make the view ()
        int none = Fixtures.indexOf(bytes, Fixtures.ascii("cpu"), 0) + 3 + 2 + 2;
        assertThat(bytes[none]).isEqualTo((byte) 'N');
        Path file = Files.write(dir.resolve("view.pth"), Fixtures.patch(bytes, none, ')'));
        assertThat(failure(file).getMessage()).contains("is saved as a view of another storage");
    }

    @Test
    void theTarFormatOfTheFirstReleases() throws Exception {
        byte[] tar = new byte[1024];
        System.arraycopy(Fixtures.ascii("ustar"), 0, tar, 257, 5);
        Path file = Files.write(dir.resolve("ancient.pth"), tar);
        assertThat(failure(file).getMessage()).contains("is in torch.save's tar format (PyTorch before 0.1.10");
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

}
