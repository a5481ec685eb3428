// Kubernetes resource quantities ("100m", "64Mi", "1.5Gi", "2e3"), parsed and printed exactly as
// Kubernetes does (k8s.io/apimachinery/pkg/api/resource), held as an exact decimal, never a double.
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
    // Value rounded up to an integer, and to milli-units (CPU): "100m" -> 1 and 100.
    qint64 value() const;
    qint64 milliValue() const;

    Quantity operator+(const Quantity &other) const;
    Quantity operator-(const Quantity &other) const;
    std::strong_ordering operator<=>(const Quantity &other) const;
    bool operator==(const Quantity &other) const;

private:
    // value = m_mantissa * 10^m_scale, exactly.
    __int128 m_mantissa = 0;
    int m_scale = 0;
    Format m_format = Format::DecimalSI;
};

} // namespace tugboat::api
