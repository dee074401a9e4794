package org.metalr.data.volume;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used cache of decoded volumes bounded by their total size in bytes. Thread-safe; a value
 * is loaded once even when several threads ask for it together, and the others wait for it. The value just
 * loaded is always kept, even when it alone exceeds the budget. A failed load is not cached.
 *
 * @param <K> the key, e.g. a {@link LitsCase}
 * @param <V> the decoded value
 */
public final class VolumeCache<K, V> {

    /** Loads the value of a key. */
    @FunctionalInterface
    public interface Loader<K, V> {
        V load(K key) throws IOException;
    }

    private static final class Entry<V> {
        final CompletableFuture<V> future = new CompletableFuture<>();
        long weight = -1; // -1 while loading
    }

    private final long capacityBytes;
    private final ToLongFunction<? super V> weigher;
    private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;
    private long hits;
    private long misses;

    /**
     * @param capacityBytes the budget for all loaded values together
     * @param weigher       the size in bytes of a value
     */
    public VolumeCache(long capacityBytes, ToLongFunction<? super V> weigher) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
        this.weigher = Objects.requireNonNull(weigher, "weigher");
    }

    /**
     * The value of {@code key}, loaded with {@code loader} when not cached.
     *
     * @throws IOException whatever the loader throws (a waiting thread gets the same exception), or
     *         {@link InterruptedIOException} when interrupted while waiting for another thread's load
     */
    public V get(K key, Loader<? super K, ? extends V> loader) throws IOException {
        Entry<V> entry;
        boolean owner = false;
        synchronized (this) {
            entry = entries.get(key);
            if (entry == null) {
                entry = new Entry<>();
                entries.put(key, entry);
                owner = true;
                misses++;
            } else {
                hits++;
            }
        }
        if (owner) {
            return load(key, entry, loader);
        }
        try {
            return entry.future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + key);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw (Error) cause;
        }
    }

    private V load(K key, Entry<V> entry, Loader<? super K, ? extends V> loader) throws IOException {
        V value;
        try {
            value = Objects.requireNonNull(loader.load(key), "loader returned null");
        } catch (IOException | RuntimeException | Error e) {
            synchronized (this) {
                entries.remove(key, entry);
            }
            entry.future.completeExceptionally(e);
            throw e;
        }
        long w = weigher.applyAsLong(value);
        synchronized (this) {
            if (entries.get(key) == entry) {
                entry.weight = w;
                weight += w;
                evict(key);
            }
        }
        entry.future.complete(value);
        return value;
    }

    /** Drops least recently used loaded values, never {@code keep}, until within budget. */
    private void evict(K keep) {
        Iterator<Map.Entry<K, Entry<V>>> it = entries.entrySet().iterator();
        while (weight > capacityBytes && it.hasNext()) {
            Map.Entry<K, Entry<V>> e = it.next();
            if (e.getValue().weight >= 0 && !e.getKey().equals(keep)) {
                weight -= e.getValue().weight;
                it.remove();
            }
        }
    }

    /** Empties the cache. Loads in progress finish but are not kept. */
    public synchronized void clear() {
        entries.clear();
        weight = 0;
    }

    /** Number of values held or being loaded. */
    public synchronized int size() {
        return entries.size();
    }

    /** Total bytes of the values held. */
    public synchronized long weightBytes() {
        return weight;
    }

    /** Number of {@link #get} calls answered from the cache (including waits on a load in progress). */
    public synchronized long hits() {
        return hits;
    }

    /** Number of {@link #get} calls that loaded. */
    public synchronized long misses() {
        return misses;
    }
}
