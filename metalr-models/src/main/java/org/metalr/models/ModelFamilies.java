package org.metalr.models;

import org.metalr.api.registry.Registry;

/** The model families on the class path, loaded once on first use. */
public final class ModelFamilies {

    private ModelFamilies() {}

    /** Loaded on first use: no class path scan when no family is asked for. */
    private static final class Holder {
        static final Registry<ModelFamily> REGISTRY = Registry.load(ModelFamily.class, "model");
    }

    /**
     * Every registered {@link ModelFamily}, sorted by name; {@code named(x)} throws a
     * {@link org.metalr.api.UserInputException} listing the names for an unknown one.
     */
    public static Registry<ModelFamily> registry() {
        return Holder.REGISTRY;
    }
}
