"""Routes of the results area: each product registers its routes on the reports blueprint."""

from program_planner.reports import models  # noqa: F401
from program_planner.reports.annual import views as annual_views  # noqa: F401
from program_planner.reports.dashboard import views as dashboard_views  # noqa: F401
from program_planner.reports.engagement import views as engagement_views  # noqa: F401
from program_planner.reports.export import views as export_views  # noqa: F401
from program_planner.reports.export import views_selected  # noqa: F401
from program_planner.reports.program_report import views as report_views  # noqa: F401
from program_planner.reports.program_report import views_learning  # noqa: F401
