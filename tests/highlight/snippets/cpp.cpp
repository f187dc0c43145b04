// C++23 in GCC 14: std::print and deducing this
#include <print>
#include <vector>
#include <string_view>

namespace release {

template <typename... Ts>
struct overloaded : Ts... { using Ts::operator()...; };

class Version final {
public:
    constexpr Version(int major, int minor) noexcept : major_(major), minor_(minor) {}
    [[nodiscard]] auto bump(this Version const& self) -> Version {
        return {self.major_, self.minor_ + 1};
    }
private:
    int major_, minor_;
};

}  // namespace release

int main() {
    std::vector<std::string_view> names{"gcc", "clang"};
    auto n = 1'000'000;
    auto raw = R"(C:\path\file)";
    for (const auto& name : names) {
        std::print("{}: {}\n", name, n);
    }
    return 0;
}
