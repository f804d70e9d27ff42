"""alu's agents: the wrapped model (vanilla) and the judges that audit, erase, rate and compose."""

from alu.agents.auditor import Auditor, Eraser
from alu.agents.composer import Composer
from alu.agents.critic import Critic
from alu.agents.expander import Expander
from alu.agents.vanilla import VanillaAgent

__all__ = ["Auditor", "Composer", "Critic", "Eraser", "Expander", "VanillaAgent"]
