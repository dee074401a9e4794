package org.metalr.models.checkpoint;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle virtual machine for the opcodes {@code torch.save} emits (protocol 2, and the protocol 3
 * to 5 opcodes short of out-of-band buffers). It never instantiates arbitrary classes: a GLOBAL is
 * whatever the {@link Resolver} makes of it, so unknown names are refused there.
 *
 * <p>Python values map to Java as: None to null, bool to {@link Boolean}, int to {@link Long} (or
 * {@link BigInteger} beyond 64 bits), float to {@link Double}, str to {@link String}, bytes to
 * {@code byte[]}, list to {@link ArrayList}, tuple to an unmodifiable {@link List}, dict to
 * {@link LinkedHashMap} (pickle order), set to {@link LinkedHashSet}.
 */
final class Unpickler {

    /** What a GLOBAL may resolve to when REDUCE or NEWOBJ call it. */
    interface PyCallable {
        Object call(List<Object> args) throws PickleException;
    }

    /** Something BUILD can hand state to. */
    interface Buildable {
        void build(Object state);
    }

    /** Gives meaning to GLOBAL names and persistent ids; throws to refuse them. */
    interface Resolver {
        Object global(String module, String name) throws PickleException;

        Object persistentLoad(Object pid) throws PickleException;
    }

    private static final int HIGHEST_PROTOCOL = 5;

    /** The value of one pickle and the offset just after its STOP opcode. */
    record Loaded(Object value, int end) {}

    private final byte[] data;
    private final Resolver resolver;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final ArrayList<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private int pos;
    private int opAt;

    private Unpickler(byte[] data, int from, Resolver resolver) {
        this.data = data;
        this.resolver = resolver;
        this.pos = from;
    }

    /**
     * Runs {@code data} (a zip checkpoint's {@code data.pkl}) to its STOP opcode and returns the value
     * it leaves; the STOP must be the last byte. Errors say "byte N of data.pkl".
     */
    static Object load(byte[] data, Resolver resolver) throws PickleException {
        return run(data, 0, "data.pkl", true, resolver).value();
    }

    /**
     * Runs the pickle that starts at {@code from} in {@code data}, one of several written back to back
     * (as the legacy torch.save format does), to its STOP opcode; what follows it is not read. Errors
     * say "byte N of {@code where}", N counted from the start of {@code data}.
     */
    static Loaded loadNext(byte[] data, int from, String where, Resolver resolver) throws PickleException {
        return run(data, from, where, false, resolver);
    }

    private static Loaded run(byte[] data, int from, String where, boolean whole, Resolver resolver) throws PickleException {
        Unpickler u = new Unpickler(data, from, resolver);
        try {
            Object value = u.run(whole);
            return new Loaded(value, u.pos);
        } catch (PickleException e) {
            throw new PickleException("byte " + u.opAt + " of " + where + ": " + e.getMessage());
        }
    }

    private Object run(boolean whole) throws PickleException {
        while (true) {
            opAt = pos;
            int op = u8();
            switch (op) {
                case 0x80: { // PROTO
                    int protocol = u8();
                    if (protocol > HIGHEST_PROTOCOL) {
                        throw error("unsupported pickle protocol " + protocol);
                    }
                    break;
                }
                case 0x95: // FRAME: framing is only a hint for buffered readers
                    bytes(8);
                    break;
                case '.': { // STOP
                    Object result = pop();
                    if (!marks.isEmpty() || !stack.isEmpty()) {
                        throw error("pickle stops with values left on the stack");
                    }
                    if (whole && pos != data.length) {
                        throw error("pickle stops before the end of its data");
                    }
                    return result;
                }
                case '(': // MARK
                    marks.add(stack.size());
                    break;
                case '0': // POP
                    pop();
                    break;
                case '1': // POP_MARK
                    popMark();
                    break;
                case '2': // DUP
                    push(peek());
                    break;
                case 'N': // NONE
                    push(null);
                    break;
                case 0x88: // NEWTRUE
                    push(Boolean.TRUE);
                    break;
                case 0x89: // NEWFALSE
                    push(Boolean.FALSE);
                    break;
                case 'I': { // INT (text; protocol 0 spells booleans I01 / I00)
                    String s = line();
                    push(s.equals("01") ? Boolean.TRUE : s.equals("00") ? Boolean.FALSE : narrow(parseInteger(s)));
                    break;
                }
                case 'J': // BININT
                    push((long) i32());
                    break;
                case 'K': // BININT1
                    push((long) u8());
                    break;
                case 'M': // BININT2
                    push((long) (u8() | (u8() << 8)));
                    break;
                case 'L': { // LONG (text)
                    String s = line();
                    push(narrow(parseInteger(s.endsWith("L") ? s.substring(0, s.length() - 1) : s)));
                    break;
                }
                case 0x8a: // LONG1
                    push(littleEndianInteger(bytes(u8())));
                    break;
                case 0x8b: // LONG4
                    push(littleEndianInteger(bytes(length(i32()))));
                    break;
                case 'F': // FLOAT (text)
                    try {
                        push(Double.parseDouble(line()));
                    } catch (NumberFormatException e) {
                        throw error("malformed FLOAT");
                    }
                    break;
                case 'G': { // BINFLOAT (big-endian)
                    long bits = 0;
                    for (byte b : bytes(8)) {
                        bits = (bits << 8) | (b & 0xff);
                    }
                    push(Double.longBitsToDouble(bits));
                    break;
                }
                case 'X': // BINUNICODE
                    push(utf8(bytes(length(u32()))));
                    break;
                case 0x8c: // SHORT_BINUNICODE
                    push(utf8(bytes(u8())));
                    break;
                case 0x8d: // BINUNICODE8
                    push(utf8(bytes(length(u64()))));
                    break;
                case 'T': // BINSTRING (Python 2 str, read as UTF-8 as torch.load does)
                    push(utf8(bytes(length(i32()))));
                    break;
                case 'U': // SHORT_BINSTRING
                    push(utf8(bytes(u8())));
                    break;
                case 'B': // BINBYTES
                    push(bytes(length(u32())));
                    break;
                case 'C': // SHORT_BINBYTES
                    push(bytes(u8()));
                    break;
                case 0x8e: // BINBYTES8
                    push(bytes(length(u64())));
                    break;
                case ')': // EMPTY_TUPLE
                    push(tuple());
                    break;
                case 't': // TUPLE
                    push(tuple(popMark().toArray()));
                    break;
                case 0x85: // TUPLE1
                    push(tuple(pop()));
                    break;
                case 0x86: { // TUPLE2
                    Object b = pop();
                    Object a = pop();
                    push(tuple(a, b));
                    break;
                }
                case 0x87: { // TUPLE3
                    Object c = pop();
                    Object b = pop();
                    Object a = pop();
                    push(tuple(a, b, c));
                    break;
                }
                case ']': // EMPTY_LIST
                    push(new ArrayList<>());
                    break;
                case 'l': // LIST
                    push(new ArrayList<>(popMark()));
                    break;
                case 'a': { // APPEND
                    Object v = pop();
                    list(peek(), "APPEND").add(v);
                    break;
                }
                case 'e': { // APPENDS
                    List<Object> items = popMark();
                    list(peek(), "APPENDS").addAll(items);
                    break;
                }
                case '}': // EMPTY_DICT
                    push(new LinkedHashMap<>());
                    break;
                case 'd': { // DICT
                    Map<Object, Object> map = new LinkedHashMap<>();
                    putPairs(map, popMark());
                    push(map);
                    break;
                }
                case 's': { // SETITEM
                    Object v = pop();
                    Object k = pop();
                    dict(peek(), "SETITEM").put(k, v);
                    break;
                }
                case 'u': { // SETITEMS
                    List<Object> items = popMark();
                    putPairs(dict(peek(), "SETITEMS"), items);
                    break;
                }
                case 0x8f: // EMPTY_SET
                    push(new LinkedHashSet<>());
                    break;
                case 0x90: { // ADDITEMS
                    List<Object> items = popMark();
                    set(peek()).addAll(items);
                    break;
                }
                case 0x91: // FROZENSET
                    push(Collections.unmodifiableSet(new LinkedHashSet<>(popMark())));
                    break;
                case 'c': { // GLOBAL
                    String module = line();
                    String name = line();
                    push(resolver.global(module, name));
                    break;
                }
                case 0x93: { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String) || !(name instanceof String)) {
                        throw error("STACK_GLOBAL needs two strings");
                    }
                    push(resolver.global((String) module, (String) name));
                    break;
                }
                case 'R': { // REDUCE
                    Object args = pop();
                    push(call(pop(), args, "REDUCE"));
                    break;
                }
                case 0x81: { // NEWOBJ
                    Object args = pop();
                    push(call(pop(), args, "NEWOBJ"));
                    break;
                }
                case 0x92: { // NEWOBJ_EX
                    Object kwargs = pop();
                    Object args = pop();
                    if (!(kwargs instanceof Map<?, ?> m) || !m.isEmpty()) {
                        throw error("NEWOBJ_EX with keyword arguments is not supported");
                    }
                    push(call(pop(), args, "NEWOBJ_EX"));
                    break;
                }
                case 'b': { // BUILD
                    Object state = pop();
                    Object target = peek();
                    if (target instanceof Buildable b) {
                        b.build(state);
                    } else if (!(target instanceof Map)) {
                        // dicts get instance attributes this way (an OrderedDict's _metadata); others may not
                        throw error("BUILD on " + describe(target) + " is not supported");
                    }
                    break;
                }
                case 'p': // PUT
                    memo.put(parseIndex(line()), peek());
                    break;
                case 'q': // BINPUT
                    memo.put((long) u8(), peek());
                    break;
                case 'r': // LONG_BINPUT
                    memo.put(u32(), peek());
                    break;
                case 0x94: // MEMOIZE
                    memo.put((long) memo.size(), peek());
                    break;
                case 'g': // GET
                    push(memoGet(parseIndex(line())));
                    break;
                case 'h': // BINGET
                    push(memoGet(u8()));
                    break;
                case 'j': // LONG_BINGET
                    push(memoGet(u32()));
                    break;
                case 'P': // PERSID
                    push(resolver.persistentLoad(line()));
                    break;
                case 'Q': // BINPERSID
                    push(resolver.persistentLoad(pop()));
                    break;
                default:
                    throw error(unsupportedOpcode(op));
            }
        }
    }

    private static String unsupportedOpcode(int op) {
        String name;
        switch (op) {
            case 'S': name = "STRING"; break;
            case 'V': name = "UNICODE"; break;
            case 'i': name = "INST"; break;
            case 'o': name = "OBJ"; break;
            case 0x82: name = "EXT1"; break;
            case 0x83: name = "EXT2"; break;
            case 0x84: name = "EXT4"; break;
            case 0x96: name = "BYTEARRAY8"; break;
            case 0x97: name = "NEXT_BUFFER"; break;
            case 0x98: name = "READONLY_BUFFER"; break;
            default: name = null;
        }
        String hex = String.format("0x%02x", op);
        return name != null
                ? "unsupported pickle opcode " + name + " (" + hex + ")"
                : "unknown pickle opcode " + hex + " (corrupt data?)";
    }

    private Object call(Object callable, Object args, String op) throws PickleException {
        if (!(callable instanceof PyCallable f)) {
            throw error(op + " on " + describe(callable) + ", which is not callable");
        }
        if (!(args instanceof List<?> list)) {
            throw error(op + " with arguments that are not a tuple");
        }
        @SuppressWarnings("unchecked")
        List<Object> a = (List<Object>) list;
        return f.call(a);
    }

    private static void putPairs(Map<Object, Object> map, List<Object> items) throws PickleException {
        if (items.size() % 2 != 0) {
            throw new PickleException("odd number of items for a dict");
        }
        for (int i = 0; i < items.size(); i += 2) {
            map.put(items.get(i), items.get(i + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o, String op) throws PickleException {
        if (o instanceof ArrayList) {
            return (List<Object>) o;
        }
        throw error(op + " on " + describe(o) + ", not a list");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o, String op) throws PickleException {
        if (o instanceof LinkedHashMap) {
            return (Map<Object, Object>) o;
        }
        throw error(op + " on " + describe(o) + ", not a dict");
    }

    @SuppressWarnings("unchecked")
    private Set<Object> set(Object o) throws PickleException {
        if (o instanceof LinkedHashSet) {
            return (Set<Object>) o;
        }
        throw error("ADDITEMS on " + describe(o) + ", not a set");
    }

    static String describe(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    static List<Object> tuple(Object... items) {
        return Collections.unmodifiableList(Arrays.asList(items));
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() throws PickleException {
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
        if (stack.size() <= floor) {
            throw error("stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws PickleException {
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
        if (stack.size() <= floor) {
            throw error("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() throws PickleException {
        if (marks.isEmpty()) {
            throw error("no MARK on the stack");
        }
        int from = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(from, stack.size()));
        stack.subList(from, stack.size()).clear();
        return items;
    }

    private Object memoGet(long index) throws PickleException {
        if (!memo.containsKey(index)) {
            throw error("memo entry " + index + " was never stored");
        }
        return memo.get(index);
    }

    private static PickleException error(String message) {
        return new PickleException(message);
    }

    private int u8() throws PickleException {
        need(1);
        return data[pos++] & 0xff;
    }

    private int i32() throws PickleException {
        need(4);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16 | data[pos + 3] << 24;
        pos += 4;
        return v;
    }

    private long u32() throws PickleException {
        return i32() & 0xffffffffL;
    }

    private long u64() throws PickleException {
        long lo = u32();
        long hi = u32();
        if (hi < 0 || hi > Integer.MAX_VALUE) {
            throw error("length out of range");
        }
        return (hi << 32) | lo;
    }

    private int length(long n) throws PickleException {
        if (n < 0 || n > data.length - pos) {
            throw error("length " + n + " runs past the end of the pickle data (truncated?)");
        }
        return (int) n;
    }

    private byte[] bytes(int n) throws PickleException {
        need(n);
        byte[] out = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    private String line() throws PickleException {
        int start = pos;
        while (pos < data.length && data[pos] != '\n') {
            pos++;
        }
        if (pos >= data.length) {
            throw error("pickle data ends inside a text argument (truncated?)");
        }
        String s = new String(data, start, pos - start, StandardCharsets.UTF_8);
        pos++;
        return s;
    }

    private void need(int n) throws PickleException {
        if (n > data.length - pos) {
            throw error("pickle data ends early (truncated?)");
        }
    }

    private BigInteger parseInteger(String s) throws PickleException {
        try {
            return new BigInteger(s.trim());
        } catch (NumberFormatException e) {
            throw error("malformed integer '" + s + "'");
        }
    }

    private long parseIndex(String s) throws PickleException {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw error("malformed memo index '" + s + "'");
        }
    }

    private static Object littleEndianInteger(byte[] b) {
        if (b.length == 0) {
            return 0L;
        }
        byte[] bigEndian = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            bigEndian[i] = b[b.length - 1 - i];
        }
        return narrow(new BigInteger(bigEndian));
    }

    private static Object narrow(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
