// Name and label syntax checks, as Kubernetes words them (k8s.io/apimachinery/pkg/util/validation).
//
// Each function returns the list of problems with the value, empty when it is valid. The strings are
// Kubernetes' own, so a caller builds a field error by joining them with "; " after
// `FieldError::invalid(path, value, ...)`, exactly as kube-apiserver does. Lengths are counted in
// UTF-8 bytes, as Go's len() counts them.
//
// Pure functions; thread-safe.
#pragma once

#include <QStringList>
#include <QStringView>

namespace tugboat::api {

// RFC 1123 subdomain (object names, label-key prefixes): at most 253 characters of [a-z0-9-.],
// each dot-separated part starting and ending with an alphanumeric.
QStringList isDns1123Subdomain(QStringView value);
// RFC 1123 label (namespace and service names): at most 63 characters of [a-z0-9-], starting and
// ending with an alphanumeric.
QStringList isDns1123Label(QStringView value);
// Label and annotation keys: an optional DNS-1123 subdomain prefix and '/', then a name of at most 63
// characters of [A-Za-z0-9-_.] starting and ending with an alphanumeric.
QStringList isQualifiedName(QStringView value);
// Label values: empty, or at most 63 characters with the same charset rule as a qualified name.
QStringList isValidLabelValue(QStringView value);
// Named ports (IANA_SVC_NAME): 1 to 15 characters of [a-z0-9-], at least one letter, no leading,
// trailing or consecutive hyphens.
QStringList isValidPortName(QStringView value);
// Environment variable names. Despite the name, this applies Kubernetes' IsEnvVarName rules (what the
// callers validate with it): [-._a-zA-Z][-._a-zA-Z0-9]*, and not ".", ".." or a ".." prefix.
QStringList isCIdentifier(QStringView value);

} // namespace tugboat::api
