"""Pages of credit information, one module per tool."""
