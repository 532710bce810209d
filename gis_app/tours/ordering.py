"""The order to visit stops in, from a travel-time matrix (possibly asymmetric: one-way roads).

Stop 0 is the fixed start. `end` is "open" (finish at whichever stop is best),
"fixed" (the last stop given is the last visited) or "round" (return to the
start). Up to EXACT_LIMIT stops the order is the exact optimum (Held–Karp
dynamic programming); beyond, nearest neighbour improved by 2-opt and Or-opt
moves until no move shortens the tour.
"""
from itertools import combinations

EXACT_LIMIT = 10
END_MODES = ("open", "fixed", "round")


def tour_cost(matrix, order, end="open"):
    """Travel time of visiting `order`, plus the way back to order[0] for a round trip."""
    cost = sum(matrix[a][b] for a, b in zip(order, order[1:]))
    if end == "round" and len(order) > 1:
        cost += matrix[order[-1]][order[0]]
    return cost


def best_order(matrix, end="open"):
    """Indexes of the stops in visiting order, starting with 0 (and ending with n-1 if end is "fixed")."""
    n = len(matrix)
    if n <= 2:
        return list(range(n))
    if n <= EXACT_LIMIT:
        return held_karp(matrix, end)
    return improve(matrix, nearest_neighbour(matrix, end), end)


def held_karp(matrix, end="open"):
    """Exact optimum by dynamic programming over subsets: O(2^n · n²), fine for n ≤ 10."""
    n = len(matrix)
    last = n - 1 if end == "fixed" else None
    middle = [i for i in range(1, n) if i != last]
    # best[(subset bitmask, j)] = (cost of leaving 0, visiting subset, ending at j; previous stop)
    best = {(1 << j, j): (matrix[0][j], 0) for j in middle}
    for size in range(2, len(middle) + 1):
        for subset in combinations(middle, size):
            mask = sum(1 << j for j in subset)
            for j in subset:
                previous = mask & ~(1 << j)
                best[(mask, j)] = min((best[(previous, k)][0] + matrix[k][j], k) for k in subset if k != j)
    full = sum(1 << j for j in middle)

    def closing(j):
        if end == "fixed":
            return matrix[j][last]
        if end == "round":
            return matrix[j][0]
        return 0.0

    if not middle:
        return [0, last]
    cost, j = min((best[(full, j)][0] + closing(j), j) for j in middle)
    order, mask = [], full
    while j:
        order.append(j)
        mask, j = mask & ~(1 << j), best[(mask, j)][1]
    order = [0] + order[::-1]
    return order + [last] if last is not None else order


def nearest_neighbour(matrix, end="open"):
    n = len(matrix)
    last = n - 1 if end == "fixed" else None
    left = set(range(1, n)) - {last}
    order = [0]
    while left:
        nxt = min(left, key=lambda j: (matrix[order[-1]][j], j))
        order.append(nxt)
        left.remove(nxt)
    return order + [last] if last is not None else order


def improve(matrix, order, end="open"):
    """Apply 2-opt (reverse a run) and Or-opt (move a run of 1–3 stops) until neither helps."""
    fixed_tail = 1 if end == "fixed" else 0
    movable_end = len(order) - fixed_tail  # positions [1, movable_end) may change
    best_cost = tour_cost(matrix, order, end)
    improved = True
    while improved:
        improved = False
        for i in range(1, movable_end - 1):
            for k in range(i + 1, movable_end):
                candidate = order[:i] + order[i:k + 1][::-1] + order[k + 1:]
                cost = tour_cost(matrix, candidate, end)
                if cost < best_cost - 1e-9:
                    order, best_cost, improved = candidate, cost, True
        for length in (1, 2, 3):
            for i in range(1, movable_end - length + 1):
                run = order[i:i + length]
                rest = order[:i] + order[i + length:]
                for j in range(1, len(rest) - fixed_tail + 1):
                    candidate = rest[:j] + run + rest[j:]
                    cost = tour_cost(matrix, candidate, end)
                    if cost < best_cost - 1e-9:
                        order, best_cost, improved = candidate, cost, True
                        break
                else:
                    continue
                break
    return order
