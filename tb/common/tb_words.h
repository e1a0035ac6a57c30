// Wide Verilator ports (integers up to 64 bits, word arrays above) as
// vectors of 32-bit words, word 0 = bits [31:0]: put() drives a port,
// get() reads nbits of one.
#ifndef VNR_TB_WORDS_H
#define VNR_TB_WORDS_H

#include <cstdint>
#include <type_traits>
#include <vector>

typedef std::vector<uint32_t> words;

template <class T> static void put(T &s, const words &w)
{
    if constexpr (std::is_integral_v<T>) {
        uint64_t v = w[0] | (w.size() > 1 ? (uint64_t)w[1] << 32 : 0);
        s = (T)v;
    } else {
        for (size_t i = 0; i < w.size(); i++) s[i] = w[i];
    }
}
template <class T> static words get(const T &s, int nbits)
{
    words w((nbits + 31) / 32, 0);
    if constexpr (std::is_integral_v<T>) {
        uint64_t v = (uint64_t)s;
        w[0] = (uint32_t)v;
        if (w.size() > 1) w[1] = (uint32_t)(v >> 32);
    } else {
        for (size_t i = 0; i < w.size(); i++) w[i] = s[i];
    }
    return w;
}

#endif
