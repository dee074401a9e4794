package org.metalr.app;

import java.util.Iterator;
import org.metalr.train.method.Methods;

/** The registered methods' spellings in listing order, for {@code --method}'s help. */
final class MethodForms implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return Methods.forms().iterator();
    }
}
