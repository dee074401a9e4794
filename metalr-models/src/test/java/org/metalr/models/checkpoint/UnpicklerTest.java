package org.metalr.models.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Opcodes beyond what the torch fixtures exercise. The hex strings are Python's pickle.dumps of the
 * objects in the comments.
 */
class UnpicklerTest {

    private static final Unpickler.Resolver NO_GLOBALS = new Unpickler.Resolver() {
        @Override
        public Object global(String module, String name) throws PickleException {
            throw new PickleException("no globals here: " + module + "." + name);
        }

        @Override
        public Object persistentLoad(Object pid) throws PickleException {
            throw new PickleException("no persistent ids here");
        }
    };

    private static Object load(String hex) throws PickleException {
        return Unpickler.load(HexFormat.of().parseHex(hex), NO_GLOBALS);
    }

    private static final List<Object> INTS = List.of(0L, -1L, 255L, 65535L, -(1L << 31), 1L << 31,
            BigInteger.TWO.pow(63), BigInteger.TWO.pow(70).negate());

    @Test
    @SuppressWarnings("unchecked")
    void protocol4() throws Exception {
        // {'ints': [0, -1, 255, 65535, -2**31, 2**31, 2**63, -2**70], 'f': -3.5, 's': 'hé', 'b': b'xy',
        //  't': (True, None, ()), 'set': {1}, 'fs': frozenset(), 'nested': [[1], {'k': (1, 2, 3, 4)}]}, protocol=4
        Map<Object, Object> m = (Map<Object, Object>) load("8004959f000000000000007d94288c04696e7473945d94284b004affffffff4bff"
                + "4dffff4a000000808a0500000080008a090000000000000080008a090000000000000000c0658c01669447c00c0000000000008c"
                + "0173948c0368c3a9948c01629443027879948c017494884e2987948c03736574948f94284b01908c026673942891948c066e6573"
                + "746564945d94285d944b01617d948c016b94284b014b024b034b0474947365752e");
        assertThat(m.keySet()).containsExactly("ints", "f", "s", "b", "t", "set", "fs", "nested");
        assertThat((List<Object>) m.get("ints")).containsExactlyElementsOf(INTS);
        assertThat(m.get("f")).isEqualTo(-3.5);
        assertThat(m.get("s")).isEqualTo("hé");
        assertThat((byte[]) m.get("b")).containsExactly('x', 'y');
        assertThat((List<Object>) m.get("t")).containsExactly(true, null, List.of());
        assertThat((Set<Object>) m.get("set")).containsExactly(1L);
        assertThat((Set<Object>) m.get("fs")).isEmpty();
        assertThat(m.get("nested")).isEqualTo(List.of(List.of(1L), Map.of("k", List.of(1L, 2L, 3L, 4L))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void protocol2() throws Exception {
        // {'ints': [...as above], 'f': -3.5, 's': 'hé', 't': (True, None, ()), 'nested': [[1], {'k': (1, 2, 3, 4)}]}
        Map<Object, Object> m = (Map<Object, Object>) load("80027d7100285804000000696e747371015d7102284b004affffffff4bff4d"
                + "ffff4a000000808a0500000080008a090000000000000080008a090000000000000000c065580100000066710347c00c00000000"
                + "00005801000000737104580300000068c3a971055801000000747106884e2987710758060000006e657374656471085d7109285d"
                + "710a4b01617d710b58010000006b710c284b014b024b034b0474710d7365752e");
        assertThat((List<Object>) m.get("ints")).containsExactlyElementsOf(INTS);
        assertThat(m.get("s")).isEqualTo("hé");
        assertThat((List<Object>) m.get("t")).containsExactly(true, null, List.of());
    }

    @Test
    void protocol0TextOpcodes() throws Exception {
        // [1, 2**70, -3.5, None, True, (1,)], protocol=0
        assertThat(load("286c70300a49310a614c313138303539313632303731373431313330333432344c0a61462d332e350a614e614930310a"
                + "612849310a7470310a612e"))
                .isEqualTo(java.util.Arrays.asList(1L, BigInteger.TWO.pow(70), -3.5, null, true, List.of(1L)));
    }

    @Test
    void textStringsOfProtocol0AreNotSupported() {
        // 'a', protocol=0
        assertThatThrownBy(() -> load("56610a70300a2e")).isInstanceOf(PickleException.class)
                .hasMessage("byte 0 of data.pkl: unsupported pickle opcode UNICODE (0x56)");
    }

    @Test
    void globalsAreTheResolversToRefuse() {
        assertThatThrownBy(() -> load("8002636f730a73797374656d0a2e")) // GLOBAL 'os system'
                .hasMessage("byte 2 of data.pkl: no globals here: os.system");
    }

    @Test
    void malformedPrograms() {
        assertThatThrownBy(() -> load("8002")).hasMessage("byte 2 of data.pkl: pickle data ends early (truncated?)");
        assertThatThrownBy(() -> load("80022e")).hasMessage("byte 2 of data.pkl: stack underflow");
        assertThatThrownBy(() -> load("800268052e")).hasMessage("byte 2 of data.pkl: memo entry 5 was never stored");
        assertThatThrownBy(() -> load("80024b014b022e")).hasMessage("byte 6 of data.pkl: pickle stops with values left on the stack");
        assertThatThrownBy(() -> load("80024b012e00")).hasMessage("byte 4 of data.pkl: pickle stops before the end of its data");
        assertThatThrownBy(() -> load("8006")).hasMessage("byte 0 of data.pkl: unsupported pickle protocol 6");
        assertThatThrownBy(() -> load("80024b014b02732e")).hasMessage("byte 6 of data.pkl: stack underflow");
        assertThatThrownBy(() -> load("80025d4b014b02732e")).hasMessage("byte 7 of data.pkl: SETITEM on ArrayList, not a dict");
        assertThatThrownBy(() -> load("80024b01292e").toString()) // REDUCE missing: K 1, EMPTY_TUPLE, STOP
                .hasMessage("byte 5 of data.pkl: pickle stops with values left on the stack");
        assertThatThrownBy(() -> load("80024b0129522e")).hasMessage("byte 5 of data.pkl: REDUCE on Long, which is not callable");
        assertThatThrownBy(() -> load("8002580a000000616263")).hasMessage(
                "byte 2 of data.pkl: length 10 runs past the end of the pickle data (truncated?)");
    }
}
