package io.ebbflow.e2e.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/** Input text for WordCount and the exact output a streaming word count must produce from it. */
final class WordCountReference {

    private WordCountReference() {
    }

    /** {@code lines} lines of 1 to 12 words drawn from a vocabulary of {@code vocabulary} words. */
    static List<String> text(long seed, int lines, int vocabulary) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            StringBuilder line = new StringBuilder();
            int words = 1 + random.nextInt(12);
            for (int w = 0; w < words; w++) {
                // Skewed: a few words are very frequent, as in real text. Mixed case and punctuation.
                int word = (int) Math.min(vocabulary - 1, Math.abs(random.nextGaussian()) * vocabulary / 3);
                String token = "w" + Integer.toString(word, 36);
                line.append(random.nextInt(10) == 0 ? token.toUpperCase(Locale.ROOT) : token)
                        .append(random.nextInt(8) == 0 ? ", " : " ");
            }
            out.add(line.toString());
        }
        return out;
    }

    static Map<String, Integer> counts(List<String> lines) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String line : lines) {
            for (String word : line.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (!word.isEmpty()) {
                    counts.merge(word, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /**
     * Every line a streaming word count emits: {@code (word,1)} .. {@code (word,n)} for each word seen n
     * times, each exactly once.
     */
    static TreeSet<String> emittedLines(Map<String, Integer> counts) {
        TreeSet<String> out = new TreeSet<>();
        counts.forEach((word, n) -> {
            for (int i = 1; i <= n; i++) {
                out.add("(" + word + "," + i + ")");
            }
        });
        return out;
    }
}
