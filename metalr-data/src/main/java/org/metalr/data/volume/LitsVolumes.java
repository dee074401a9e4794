package org.metalr.data.volume;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * LiTS cases as whole volumes to evaluate on, in the given order, each named {@code volume-N} as its file
 * is, loaded (and cached) by {@code loader}: the windowed CT and the liver mask.
 *
 * @param cases  the cases
 * @param loader reads and caches them
 */
public record LitsVolumes(List<LitsCase> cases, LitsLoader loader) implements VolumeSet {

    public LitsVolumes {
        cases = List.copyOf(cases);
        Objects.requireNonNull(loader, "loader");
    }

    @Override
    public int size() {
        return cases.size();
    }

    @Override
    public String name(int index) {
        return "volume-" + cases.get(index).id();
    }

    @Override
    public MaskedVolume load(int index) throws IOException {
        LitsVolume v = loader.load(cases.get(index));
        return new MaskedVolume(v.image(), v.label());
    }
}
