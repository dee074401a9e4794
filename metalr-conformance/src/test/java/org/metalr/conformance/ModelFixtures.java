package org.metalr.conformance;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.metalr.api.HostTensor;
import org.metalr.models.checkpoint.CheckpointException;
import org.metalr.models.checkpoint.Checkpoints;

/**
 * The PyTorch model fixtures under {@code /models/} (made by {@code src/test/python/make_model_fixtures.py}):
 * checkpoints as PyTorch saved them, and dicts of expected tensors, read with the project's own reader.
 */
final class ModelFixtures {

    private ModelFixtures() {}

    static Path path(String name) {
        try {
            return Path.of(ModelFixtures.class.getResource("/models/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing model fixture " + name, e);
        }
    }

    /** The tensors of an {@code *_expected.pth} file, by name. */
    static Map<String, HostTensor> expected(String name) {
        try {
            return Checkpoints.readStateDict(path(name));
        } catch (CheckpointException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code expected.get(key)}, failing with the key's name when it is absent. */
    static HostTensor get(Map<String, HostTensor> expected, String key) {
        HostTensor t = expected.get(key);
        if (t == null) {
            throw new IllegalStateException("model fixture lacks '" + key + "'; it has " + expected.keySet());
        }
        return t;
    }
}
