// Kubernetes resource quantities ("100m", "64Mi", "1.5Gi", "2e3"), parsed and printed exactly as
// Kubernetes does (k8s.io/apimachinery/pkg/api/resource), held as an exact decimal, never a double.
//
// Kubernetes' rules, kept here:
//  - parsing rounds a value finer than a nano-unit up, away from zero ("0.1n" -> "1n", "-0.1n" -> "-1n");
//  - a binary-suffixed value is capped at 2^63-1, and one strictly between 0 and 1 becomes DecimalSI;
//  - printing keeps the suffix family: the largest suffix (exponent a multiple of 3, or power of 1024)
//    that leaves no fractional digits; BinarySI falls back to DecimalSI below 1024 or when fractional,
//    and both fall back to exponent form beyond their suffix tables ("1000E" -> "1e21").
// Where Tugboat differs, deliberately:
//  - toString() is always the canonical form; Kubernetes echoes a few non-canonical spellings it
//    parsed ("+1", "01", "1E3") verbatim.
//  - the exact value is kept in 38 significant digits; parsing rejects longer numbers (with
//    Kubernetes' "unable to parse numeric part" message), and a sum that would need more is rounded
//    half away from zero to 37 digits. No real resource amount comes near either.
//
// Value type; thread-safe for concurrent const use.
#pragma once

#include "result.h"

#include <QString>
#include <compare>
#include <optional>

namespace tugboat::api {

class Quantity {
public:
    // The suffix family the quantity was written in; printing keeps it, as Kubernetes does.
    enum class Format { DecimalSI, BinarySI, DecimalExponent };

    Quantity() = default; // zero, DecimalSI

    // Parses Kubernetes' quantity grammar. The error message is Kubernetes' own:
    // "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    static Result<Quantity> parse(QStringView text);
    static Quantity fromMilli(qint64 milli, Format format = Format::DecimalSI);
    static Quantity fromInt(qint64 value, Format format = Format::DecimalSI);

    // Canonical form, as Kubernetes prints it: "1.5Gi" -> "1536Mi", "0.1" -> "100m", "2e3" -> "2e3".
    QString toString() const;
    Format format() const { return m_format; }

    bool isZero() const;
    int sign() const; // -1, 0 or 1
    // Value rounded up to an integer, and to milli-units (CPU): "100m" -> 1 and 100. Rounding is away
    // from zero ("-1.5" -> -2), as Kubernetes' Value() and MilliValue(); results beyond qint64
    // saturate at its limits.
    qint64 value() const;
    qint64 milliValue() const;

    // Exact sums. As in Kubernetes' Add/Sub, a zero left operand takes the right operand's format.
    Quantity operator+(const Quantity &other) const;
    Quantity operator-(const Quantity &other) const;
    // Numeric order and equality; the format plays no part ("1Ki" == "1024").
    std::strong_ordering operator<=>(const Quantity &other) const;
    bool operator==(const Quantity &other) const;

private:
    // GCC/Clang extension; __extension__ keeps -Wpedantic quiet about it.
    __extension__ typedef __int128 Int128;

    // Builds value = mantissa * 10^scale, normalised so that equal values are stored alike.
    Quantity(Int128 mantissa, qint64 scale, Format format);
    static Result<Quantity> fromParts(bool positive, QStringView num, QStringView denom, QStringView suffix);
    Quantity plus(Int128 otherMantissa, int otherScale, Format otherFormat) const;
    qint64 scaledValue(int scale) const;

    // value = m_mantissa * 10^m_scale, exactly. Normalised: no trailing decimal zeros in the mantissa,
    // and scale 0 for zero.
    Int128 m_mantissa = 0;
    int m_scale = 0;
    Format m_format = Format::DecimalSI;
};

} // namespace tugboat::api
