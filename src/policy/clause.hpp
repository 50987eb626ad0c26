// The clause catalogue as the policy layer names it: policy::Clause is haven::Clause
// (core/clause.hpp), so that error values in core can carry one.
#pragma once
#include "core/clause.hpp"

namespace haven::policy {

using haven::cite;
using haven::Clause;
using haven::clause_catalogue;
using haven::clause_of_id;
using haven::ClauseInfo;
using haven::id_of;
using haven::info;

}  // namespace haven::policy
