package health.safeline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class CallTextTest {

    @Test
    void formatCharactersInsideAWordAreRemoved() {
        assertEquals("blood in his stool", CallText.normalize("blood in his st\u200bool"));
        assertEquals("swollen", CallText.normalize("sw\u00adol\u200dlen\u2060"));
        assertEquals("calf", CallText.normalize("\ufeffc\u200ealf\u202c"));
    }

    @Test
    void compatibilityFormsBecomePlainLetters() {
        assertEquals("stool 38.5", CallText.normalize("\uff53\uff54\uff4f\uff4f\uff4c\u00a038.5"));
        assertEquals("fine", CallText.normalize("\ufb01ne"));
    }

    @Test
    void plainTextIsReturnedAsItIs() {
        String text = "Pain and swelling in her right calf.\nSince yesterday.";
        assertSame(text, CallText.normalize(text));
        assertEquals("Café", CallText.normalize("Cafe\u0301"));
        assertNull(CallText.normalize(null));
    }
}
