#ifndef IMPACT_BYTESCAN_H
#define IMPACT_BYTESCAN_H

#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Sixteen bytes classified at once: which equal a byte, and which are not plain CSV text.
typedef struct {
    /// Bit i is set when byte i equals the byte looked for.
    uint32_t matches;
    /// Bit i is set when byte i is not plain: below 0x20 other than tab, DEL, or not ASCII
    /// (`CSVReader.isPlain` in Swift).
    uint32_t notPlain;
} impact_scan16_t;

/// Classifies the sixteen bytes at `bytes` (all readable). Swift has no way to say "compare sixteen
/// bytes and give me one bit each" (its SIMD types have no mask-to-bits), and cutting and splitting the
/// engagements file were a fifth of reading it eight bytes at a time (`LineScan`, profiled): SSE2, which
/// every x86-64 processor has, does a block in a handful of instructions. Elsewhere, a plain loop.
static inline impact_scan16_t impact_scan16(const uint8_t *bytes, uint8_t byte) {
    impact_scan16_t result;
#if defined(__SSE2__)
    __m128i block = _mm_loadu_si128((const __m128i *)bytes);
    result.matches = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8((char)byte)));
    // Compared as signed bytes, everything from 0x80 is below 0x20 too.
    __m128i below = _mm_cmplt_epi8(block, _mm_set1_epi8(0x20));
    __m128i tab = _mm_cmpeq_epi8(block, _mm_set1_epi8(0x09));
    __m128i delete = _mm_cmpeq_epi8(block, _mm_set1_epi8(0x7F));
    result.notPlain = (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(tab, below), delete));
#else
    result.matches = 0;
    result.notPlain = 0;
    for (int i = 0; i < 16; i++) {
        uint8_t b = bytes[i];
        if (b == byte) result.matches |= 1u << i;
        if ((b < 0x20 && b != 0x09) || b >= 0x7F) result.notPlain |= 1u << i;
    }
#endif
    return result;
}

#endif
