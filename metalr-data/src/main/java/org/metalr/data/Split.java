package org.metalr.data;

import java.util.Locale;

/** The role of a subset: trained on, drawn from for MetaLR's validation batches, or only evaluated. */
public enum Split {
    TRAIN,
    /** Held out from training; MetaLR draws its meta-validation batches from it. */
    META_VALIDATION,
    /** Never used for any choice during training. */
    TEST;

    /**
     * Parses a split name as found in folder names and manifests: {@code train}; {@code val},
     * {@code valid}, {@code validation}, {@code meta-val}, {@code metaval}; {@code test}. Case is ignored.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Split parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "train":
            case "training":
                return TRAIN;
            case "val":
            case "valid":
            case "validation":
            case "meta-val":
            case "metaval":
            case "meta_val":
            case "meta-validation":
                return META_VALIDATION;
            case "test":
            case "testing":
                return TEST;
            default:
                throw new IllegalArgumentException("unknown split '" + name + "' (expected train, val or test)");
        }
    }
}
