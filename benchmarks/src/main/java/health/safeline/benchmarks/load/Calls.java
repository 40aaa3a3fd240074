package health.safeline.benchmarks.load;

import health.safeline.api.TriageLevel;
import health.safeline.api.Vitals;
import health.safeline.triage.engine.TriageEngine;
import health.safeline.triage.engine.TriageInput;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Calls of the load mix, built from templates with varied wording (openers, complaint, context, closing) into
 * narratives of 100-400 characters. Each generated call is checked against the triage engine of this build and kept
 * only if it lands on the level it was written for, so that the mix sent is the mix intended.
 */
final class Calls {

    /** One call to send: the level it was written for, and its parts. */
    record Call(TriageLevel intended, String reason, String narrative, int age, String sex, Vitals vitals) {
    }

    /** The load mix: 3 % emergency, 15 % urgent, 30 % same-day, the rest routine. */
    static final double EMERGENCY = 0.03, URGENT = 0.15, SAME_DAY = 0.30;

    private static final String[] OPENERS = {
        "Caller is the patient herself.", "Daughter calling for her mother.", "Son is calling on his father's behalf.",
        "Patient called the front desk this morning.", "Husband on the line, patient is next to him.",
        "Neighbour called, patient is with her.", "Home care aide calling from the patient's house.",
        "Patient calling from work.", "Caller is the patient, speaks slowly but clearly."};
    private static final String[] CONTEXT = {
        "Lives alone with a cat.", "Known to the practice for many years.", "Last seen in clinic in the spring.",
        "Uses a walker at home.", "Retired teacher, usually very independent.", "Recently moved in with her daughter.",
        "Has a hearing aid, asked me to speak up.", "Prefers morning appointments.", "Was here for a flu shot in October.",
        "Takes his tablets with breakfast.", "Wife helps with his medications.", "Drives herself to appointments."};
    private static final String[] CLOSERS = {
        "Asked what to do next.", "Wants to know if she needs to come in.", "Would like a call back if possible.",
        "Can be reached on the home phone.", "Caller is calm and answering questions.", "Asked me to note it in the chart.",
        ""};

    private static final Map<TriageLevel, String[][]> COMPLAINTS = new EnumMap<>(TriageLevel.class);

    static {
        // {reason, complaint sentence}
        COMPLAINTS.put(TriageLevel.EMERGENCY, new String[][] {
            {"chest pain", "Crushing chest pain for the last twenty minutes, spreading to the left arm, and he is sweating."},
            {"chest pain", "Severe pressure in her chest that started while resting, she feels sweaty and sick."},
            {"speech problem", "His face is drooping on one side and his speech is slurred, started half an hour ago."},
            {"weakness", "Sudden weakness of her right arm and leg and she cannot find her words."},
            {"breathing", "He is gasping for air and cannot finish a sentence."},
            {"breathing", "She is struggling to breathe and her lips look blue."},
            {"vomiting blood", "Vomiting bright red blood twice in the last hour."},
            {"not waking up", "Caregiver cannot wake him up properly, he only mumbles."},
            {"allergic reaction", "Stung by a wasp, now her lips and tongue are swelling and she has trouble breathing."}});
        COMPLAINTS.put(TriageLevel.URGENT, new String[][] {
            {"leg swelling", "Her left calf is swollen, red and painful since yesterday."},
            {"suspected blood clot", "Thinks he has a blood clot, pain and swelling in his right leg since the weekend."},
            {"stomach pain", "Stomach pain since last night and she saw blood in her stool."},
            {"black stool", "Dark black stools for two days, feels a bit tired."},
            {"blood pressure", "Home monitor shows 188/116 this morning with a mild headache."},
            {"rib pain", "Acute pain in his ribs that started this morning."},
            {"fall", "Fell yesterday, his hip hurts and he can only walk with difficulty."},
            {"confusion", "Wife says he is newly confused since yesterday."},
            {"urinary symptoms", "Painful urination, fever of 38.5 and pain in her flank."}});
        COMPLAINTS.put(TriageLevel.SAME_DAY, new String[][] {
            {"urinary burning", "Burning on urination since yesterday, no fever."},
            {"cough", "Productive cough for four days with a low fever of 37.8."},
            {"rash", "Painful rash with small blisters on her back since this morning."},
            {"ankle", "Twisted her ankle yesterday, it is swollen and sore but she can walk on it."},
            {"earache", "Earache in the right ear for three days."},
            {"gout", "Gout attack in his big toe again, very painful."},
            {"sore throat", "Sore throat for three days, hard to swallow, temperature 37.9."},
            {"eye", "Red itchy eye with some discharge since yesterday, vision is normal."}});
        COMPLAINTS.put(TriageLevel.ROUTINE, new String[][] {
            {"refill", "Needs a refill of her metformin, feels fine."},
            {"refill", "Running low on his blood pressure tablets, would like a new prescription."},
            {"wellness visit", "Wants to book her annual wellness visit."},
            {"lab results", "Wants to discuss his recent lab results."},
            {"knee", "Chronic knee pain, unchanged for months, wants a physical therapy referral."},
            {"allergies", "Seasonal allergies, sneezing and itchy eyes."},
            {"medication review", "Would like her medications reviewed, no new problems."},
            {"paperwork", "Wants to update his advance directive paperwork."},
            {"vaccination", "Asking for a shingles vaccination appointment."}});
    }

    private final Map<TriageLevel, List<Call>> pool = new EnumMap<>(TriageLevel.class);
    private final Map<TriageLevel, Integer> rejected = new EnumMap<>(TriageLevel.class);
    private final TriageEngine engine = TriageEngine.fromClasspath();

    /** About {@code perLevel} checked calls per level, generated from {@code seed}. */
    Calls(int perLevel, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (TriageLevel level : TriageLevel.values()) {
            List<Call> calls = new ArrayList<>();
            int tries = 0;
            while (calls.size() < perLevel && tries++ < perLevel * 20) {
                Call call = generate(level, random);
                if (call.narrative().length() < 100 || call.narrative().length() > 400) {
                    continue;
                }
                TriageLevel got = engine.assess(new TriageInput(call.reason(), call.narrative(), call.age(),
                        call.vitals(), null)).level();
                if (got == level) {
                    calls.add(call);
                } else {
                    rejected.merge(level, 1, Integer::sum);
                }
            }
            if (calls.isEmpty()) {
                throw new IllegalStateException("No template of level " + level + " triages as " + level);
            }
            pool.put(level, calls);
        }
    }

    /**
     * The machine's speed for this kind of work: the triage engine on this thread over the calls, assessments per
     * second, the best of three 1-second rounds after a 3-second warm-up (for the JIT).
     */
    long speedProbe() {
        List<Call> all = pool.values().stream().flatMap(List::stream).toList();
        long best = 0;
        for (int round = -3; round < 3; round++) {
            long deadline = System.nanoTime() + 1_000_000_000L;
            long done = 0;
            while (System.nanoTime() < deadline) {
                Call call = all.get((int) (done % all.size()));
                engine.assess(new TriageInput(call.reason(), call.narrative(), call.age(), call.vitals(), null));
                done++;
            }
            if (round >= 0) {
                best = Math.max(best, done);
            }
        }
        return best;
    }

    private static Call generate(TriageLevel level, SplittableRandom random) {
        String[][] complaints = COMPLAINTS.get(level);
        String[] complaint = complaints[random.nextInt(complaints.length)];
        StringBuilder text = new StringBuilder();
        text.append(pick(OPENERS, random)).append(' ').append(complaint[1]);
        int extra = random.nextInt(1, 6);
        for (int i = 0; i < extra; i++) {
            String c = pick(CONTEXT, random);
            if (text.indexOf(c) < 0) {
                text.append(' ').append(c);
            }
        }
        String closer = pick(CLOSERS, random);
        if (!closer.isEmpty()) {
            text.append(' ').append(closer);
        }
        boolean female = random.nextBoolean();
        String narrative = text.toString();
        int age = random.nextInt(45, 92);
        return new Call(level, complaint[0], narrative, age, female ? "female" : "male", null);
    }

    private static String pick(String[] options, SplittableRandom random) {
        return options[random.nextInt(options.length)];
    }

    /** A call of the mix. */
    Call next(SplittableRandom random) {
        double u = random.nextDouble();
        TriageLevel level = u < EMERGENCY ? TriageLevel.EMERGENCY
                : u < EMERGENCY + URGENT ? TriageLevel.URGENT
                : u < EMERGENCY + URGENT + SAME_DAY ? TriageLevel.SAME_DAY : TriageLevel.ROUTINE;
        List<Call> calls = pool.get(level);
        return calls.get(random.nextInt(calls.size()));
    }

    /** Per level: calls kept, generated calls dropped because the engine put them elsewhere, mean length. */
    String summary() {
        StringBuilder s = new StringBuilder();
        for (TriageLevel level : TriageLevel.values()) {
            List<Call> calls = pool.get(level);
            double mean = calls.stream().mapToInt(c -> c.narrative().length()).average().orElse(0);
            s.append(String.format("%s: %d distinct calls (mean %.0f characters, %d generated variants triaged elsewhere"
                    + " and dropped); ", level.code(), calls.size(), mean, rejected.getOrDefault(level, 0)));
        }
        return s.toString();
    }
}
