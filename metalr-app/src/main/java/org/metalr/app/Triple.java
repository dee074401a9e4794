package org.metalr.app;

import java.util.List;
import org.metalr.api.UserInputException;

/** Parses a flag's {@code X,Y,Z}: three whole numbers separated by commas ({@code --crop}, {@code --eval-tile}). */
final class Triple {

    private Triple() {}

    /** @throws UserInputException naming {@code flag} unless {@code value} is three whole numbers */
    static List<Integer> parse(String flag, String value) {
        String[] parts = value.split(",", -1);
        if (parts.length != 3) {
            throw new UserInputException(flag + " expects X,Y,Z, got '" + value + "'");
        }
        Integer[] xyz = new Integer[3];
        for (int i = 0; i < 3; i++) {
            try {
                xyz[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UserInputException(flag + " expects three whole numbers X,Y,Z, got '" + value + "'");
            }
        }
        return List.of(xyz);
    }
}
