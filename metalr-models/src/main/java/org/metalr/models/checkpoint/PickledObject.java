package org.metalr.models.checkpoint;

import java.util.List;

/**
 * An object of a class the torch reader does not know (an {@code argparse.Namespace} of training
 * arguments, a numpy scalar), kept opaque. Appears only in trees read by a lenient
 * {@link TorchCheckpointReader}; a strict one refuses such content.
 *
 * @param global the class or function, as {@code module.name}
 * @param args   the arguments it was called with (empty for the bare global)
 * @param state  what BUILD set on it, or null
 */
public record PickledObject(String global, List<Object> args, Object state) {

    @Override
    public String toString() {
        return "<" + global + " object>";
    }
}
